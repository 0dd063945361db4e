"""统计: the registers' statistics panels on the admin home and their figures (read from each
register's selectors); no models."""
