"""Roles have no tables of their own: they are Django groups. This module exists so that
Django sends this app post_migrate, when the role groups are brought up to date (apps.py)."""
