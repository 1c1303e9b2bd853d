"""checker: find where news sources disagree.

Stages (one module each): corpus, clean, segment, events, embed, align, judge,
claims, findings, report; ``pipeline.run`` composes them.
"""

__version__ = "0.1.0"
