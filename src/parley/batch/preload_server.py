"""Imported by the fork server that `preload.PreloadServer` starts: loads the pipeline there.

Importing it anywhere else does nothing, because only that server's environment carries the
settings (`preload.ENVIRONMENT`).
"""

from .preload import exit_quickly, load_from_environment

if load_from_environment():
    exit_quickly()
