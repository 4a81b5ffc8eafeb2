"""The map's records and words: the pydantic models, the controlled vocabularies, their labels, the national standard of places."""
