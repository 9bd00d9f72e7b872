"""Hatchling build hook: the wheel carries a native program, so it is a platform wheel
(py3-none-<platform>: any Python 3, no Python ABI); auditwheel then names the manylinux level."""
import sysconfig

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class PlatformWheel(BuildHookInterface):
    def initialize(self, version, build_data):
        build_data["pure_python"] = False
        build_data["tag"] = "py3-none-" + sysconfig.get_platform().replace("-", "_").replace(".", "_")
