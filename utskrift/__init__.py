"""Printable documents (the guide's "Utskrift") for one person, as PDF."""
