"""The framework-free core: knowledge base, finder, course rules, outcome scoring.

Nothing here may import Django, django-ninja, Channels or pydantic (a test enforces it), so that
the clinical logic can be read, tested and reused on its own.
"""
