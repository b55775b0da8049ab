"""Exports of a story's history for other tools and for people: W3C PROV, schema.org, reports."""
