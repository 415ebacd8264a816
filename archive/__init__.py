"""Bayegan: a searchable archive of Persian news pages and their reader comments."""
