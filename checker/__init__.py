"""checker: find where news sources disagree.

Stages (one module each): corpus, clean, segment, events, embed, align, judge,
claims, findings, report; ``pipeline.run`` composes them.
"""

__version__ = "0.1.0"


def check(paths, config=None, models=None, cache: bool = True):
    """Run the checker and return a :class:`checker.api.Result` (see ``checker.api.check``)."""
    from checker.api import check as _check

    return _check(paths, config, models, cache)
