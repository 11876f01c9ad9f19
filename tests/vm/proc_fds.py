# SPDX-License-Identifier: GPL-3.0-or-later
"""Which files a process has open, read from /proc (for scenarios that check
whether fakecam holds the webcam at a given moment, polled faster than a
shell loop could)."""
import os


def holds(pid, path):
    """True when process `pid` has `path` open."""
    d = f"/proc/{pid}/fd"
    for fd in os.listdir(d):
        try:
            if os.readlink(os.path.join(d, fd)) == path:
                return True
        except OSError:
            pass  # closed between listdir and readlink
    return False
