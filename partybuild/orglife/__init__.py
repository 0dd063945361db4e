"""组织生活: 三会一课 meetings, attendance, minutes, 民主评议 rounds and compliance."""
