"""What the workgroup views share: the coordinator's permission."""

from django.contrib.auth.decorators import permission_required

manager_required = permission_required("workgroup.manage", raise_exception=True)
