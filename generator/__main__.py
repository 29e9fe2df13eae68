"""``python -m generator`` runs the ``xinfang`` command."""

from .cli import run

run()
