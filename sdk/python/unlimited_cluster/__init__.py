# __init__.py — the unlimited_cluster package: a standard-library-only
# Python client for the unlimited-cluster Webmin module's REST API.
# SPDX-License-Identifier: BSD-3-Clause
"""Python client for the unlimited-cluster REST API.

    from unlimited_cluster import UnlimitedClusterManager, ApiError
    uc = UnlimitedClusterManager("https://host:10000/unlimited-cluster/",
                                 "admin", "secret")
    uc.add_server("web-01", "Web 01", "web", "10.0.0.10", region="eu-west")
"""

__version__ = "0.1.0"

from .errors import ApiError, ConnectionFailed  # noqa: E402
from .client import UnlimitedClusterManager  # noqa: E402

__all__ = ["UnlimitedClusterManager", "ApiError", "ConnectionFailed",
           "__version__"]
