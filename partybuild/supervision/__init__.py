"""党建督查: inspection tasks to branches, their responses, and spot checks of meetings."""
