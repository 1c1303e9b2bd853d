"""``checker review``: a local web app to mark a report's findings confirmed, false alarm or unsure.

The verdicts go into the baseline (``checker.baseline/1``) at once, through :func:`checker.storage.locked_update`.
"""

from checker.review.app import ReviewError, create_app, load_report, record_verdict

__all__ = ["ReviewError", "create_app", "load_report", "record_verdict"]
