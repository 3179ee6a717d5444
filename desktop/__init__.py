"""The Qt application and the ``chancery`` command.

This package is the only one that imports PySide6, and only in its GUI
modules: importing ``desktop`` itself (or ``desktop.cli``) loads no Qt.
"""

__version__ = "0.1.0"
