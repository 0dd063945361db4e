"""演示数据: loads the demo organisations, members, every register's demo rows and the content
demo (``manage.py load_demo``); no models."""
