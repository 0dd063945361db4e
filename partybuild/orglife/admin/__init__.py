"""三会一课 in the Wagtail admin: meetings (listing, page, notice, attendance, minutes,
closing, corrections), the compliance page with its export, and 民主评议 rounds."""
