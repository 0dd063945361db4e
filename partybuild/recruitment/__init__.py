"""发展党员: applicants and candidates through the 25 steps, and their online submissions."""
