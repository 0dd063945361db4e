"""党费: rates, each member's basis, monthly assessments, payments and their allocation."""
