"""SCIM 2.0 (RFC 7643, 7644) for each identity provider, on django-scim2: the
provider creates, changes and deactivates the accounts of its agency, and the
groups its role rules read. A provider's bearer token reaches its own
accounts and groups only; every call is audited as "scim:<slug>"."""

import json

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django_scim import constants, exceptions
from django_scim.adapters import SCIMGroup, SCIMUser

from lead_ops import audit
from lead_ops.accounts.models import User
from lead_ops.audit.models import AuditEvent

from .services import (
    ScimConflict,
    provider_for_scim_token,
    scim_actor,
    scim_group_delete,
    scim_group_save,
    scim_user_create,
    scim_user_remove,
    scim_user_update,
)


def _error(status: int, detail: str, scim_type: str | None = None) -> HttpResponse:
    body = {"schemas": [constants.SchemaURI.ERROR], "status": str(status), "detail": detail}
    if scim_type:
        body["scimType"] = scim_type
    return HttpResponse(json.dumps(body), status=status, content_type=constants.SCIM_CONTENT_TYPE)


class ProviderTokenRequired:
    """django-scim2's AUTH_CHECK_MIDDLEWARE, wrapped around each SCIM view: the
    request must carry one provider's SCIM token as a bearer token. Reads are
    audited with the accounts they returned (writes are, by their services)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request, *args, **kwargs):
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        provider = provider_for_scim_token(token.strip()) if scheme.lower() == "bearer" else None
        if provider is None:
            audit.record(
                action=AuditEvent.Action.PERMISSION_DENIED,
                actor_username="scim:unknown",
                outcome=AuditEvent.Outcome.DENIED,
                summary=f"SCIM {request.method} {request.path} refused: no valid token"[:255],
            )
            response = _error(401, "A valid SCIM bearer token is required.")
            response["WWW-Authenticate"] = 'Bearer realm="LEAD Ops SCIM"'
            return response
        request.scim_provider = provider
        response = self.get_response(request, *args, **kwargs)
        if request.method == "GET" and response.status_code == 200:
            _audit_read(request, provider, response)
        return response


def _audit_read(request, provider, response) -> None:
    try:
        body = json.loads(response.content)
    except ValueError:
        return
    resources = body.get("Resources", [body]) if isinstance(body, dict) else []
    ids = [item.get("id") for item in resources if isinstance(item, dict) and "userName" in item]
    members = [m.get("value") for item in resources if isinstance(item, dict) for m in item.get("members", [])]
    scim_ids = [i for i in ids + members if i]
    users = User.objects.filter(provider_account__scim_id__in=scim_ids) if scim_ids else User.objects.none()
    audit.record(
        action=AuditEvent.Action.LIST if "Resources" in body else AuditEvent.Action.VIEW,
        actor_username=scim_actor(provider),
        targets=list(users.only("pk")),
        object_type=User._meta.label_lower,
        summary=f"SCIM GET {request.path}"[:255],
        detail={"provider": provider.slug},
    )


def _text(value, name: str, *, required: bool = False) -> str | None:
    if value is None:
        if required:
            raise exceptions.BadRequestError(f'"{name}" is required.', scim_type="invalidValue")
        return None
    if not isinstance(value, str):
        raise exceptions.BadRequestError(f'"{name}" must be a string.', scim_type="invalidValue")
    return value.strip()


def _boolean(value, name: str) -> bool:
    # Entra ID sends booleans as the strings "True" and "False" in PATCH operations.
    if isinstance(value, str) and value.lower() in {"true", "false"}:
        return value.lower() == "true"
    if not isinstance(value, bool):
        raise exceptions.BadRequestError(f'"{name}" must be true or false.', scim_type="invalidValue")
    return value


def _primary_email(emails) -> str | None:
    if emails is None:
        return None
    if not isinstance(emails, list) or not all(isinstance(e, dict) for e in emails):
        raise exceptions.BadRequestError('"emails" must be a list of objects.', scim_type="invalidValue")
    chosen = next((e for e in emails if e.get("primary")), emails[0] if emails else {})
    return _text(chosen.get("value", ""), "emails.value")


def _service_call(call):
    """A service's refusal as a SCIM error: nothing was changed (the service is atomic)."""
    try:
        return call()
    except ScimConflict as conflict:
        raise exceptions.IntegrityError(str(conflict), scim_type="uniqueness") from None
    except ValidationError as error:
        raise exceptions.BadRequestError("; ".join(error.messages)[:500], scim_type="invalidValue") from None


# Attribute paths of a PATCH on a User, lower-cased, and the field each sets.
USER_PATHS = {
    "active": "is_active",
    "username": "user_name",
    "externalid": "external_id",
    "name.givenname": "first_name",
    "name.familyname": "last_name",
    'emails[type eq "work"].value': "email",
    "emails": "emails",
}


class ScimUser(SCIMUser):
    id_field = "scim_id"

    def __init__(self, obj, request=None):
        super().__init__(obj, request)
        self._fields = {}

    @property
    def display_name(self):
        user = self.obj.user
        return user.get_full_name() or self.obj.user_name

    def to_dict(self):
        account, user = self.obj, self.obj.user
        document = {
            "schemas": [constants.SchemaURI.USER],
            "id": str(account.scim_id),
            "userName": account.user_name,
            "name": {"givenName": user.first_name, "familyName": user.last_name, "formatted": self.display_name},
            "displayName": self.display_name,
            "emails": [{"value": user.email, "primary": True, "type": "work"}] if user.email else [],
            "active": user.is_active,
            "groups": [{"value": str(group.scim_id), "display": group.display_name} for group in account.groups.all()],
            "meta": {
                "resourceType": "User",
                "created": user.date_joined.isoformat(),
                "lastModified": (account.last_signed_in_at or user.date_joined).isoformat(),
                "location": self.location,
            },
        }
        if account.external_id:
            document["externalId"] = account.external_id
        return document

    def from_dict(self, d):
        name = d.get("name") or {}
        if not isinstance(name, dict):
            raise exceptions.BadRequestError('"name" must be an object.', scim_type="invalidValue")
        fields = {
            "user_name": _text(d.get("userName"), "userName", required=True),
            "external_id": _text(d.get("externalId"), "externalId"),
            "first_name": _text(name.get("givenName"), "name.givenName"),
            "last_name": _text(name.get("familyName"), "name.familyName"),
            "email": _primary_email(d.get("emails")),
            "is_active": _boolean(d["active"], "active") if "active" in d else None,
        }
        if not fields["user_name"]:
            raise exceptions.BadRequestError('"userName" is required.', scim_type="invalidValue")
        self._fields = {key: value for key, value in fields.items() if value is not None}

    def save(self):
        fields = dict(self._fields)
        if self.obj.pk is None:
            fields.setdefault("is_active", True)
            provider = self.request.scim_provider
            self.obj = _service_call(lambda: scim_user_create(provider=provider, **fields))
        else:
            _service_call(lambda: scim_user_update(account=self.obj, **fields))

    def delete(self):
        scim_user_remove(account=self.obj)

    def handle_operations(self, operations):
        fields = {}
        for operation in operations:
            if not isinstance(operation, dict):
                raise exceptions.BadRequestError("Each operation must be an object.", scim_type="invalidSyntax")
            op = str(operation.get("op", "")).lower()
            if op not in {"add", "replace"}:
                raise exceptions.BadRequestError(f'"{op}" is not supported on a User.', scim_type="invalidSyntax")
            path, value = operation.get("path"), operation.get("value")
            pairs = value.items() if path is None and isinstance(value, dict) else [(path, value)]
            for one_path, one_value in pairs:
                target = USER_PATHS.get(str(one_path).lower())
                if target is None:
                    continue  # attributes LEAD does not keep (title, department…) are ignored
                if target == "is_active":
                    fields[target] = _boolean(one_value, "active")
                elif target == "emails":
                    fields["email"] = _primary_email(one_value)
                else:
                    fields[target] = _text(one_value, str(one_path)) or ""
        if fields:
            _service_call(lambda: scim_user_update(account=self.obj, **fields))
        self.obj.refresh_from_db()


def _member_ids(members) -> list[str]:
    if members is None:
        return []
    if not isinstance(members, list) or not all(
        isinstance(m, dict) and isinstance(m.get("value"), str) for m in members
    ):
        raise exceptions.BadRequestError('"members" must be a list of {"value": id}.', scim_type="invalidValue")
    return [m["value"] for m in members]


def _member_filter_id(path: str) -> str | None:
    # members[value eq "2819c223-…"]: the one member a remove names.
    lowered = path.replace(" ", "").lower()
    if lowered.startswith('members[valueeq"') and lowered.endswith('"]'):
        return path[path.index('"') + 1 : path.rindex('"')]
    return None


class ScimGroup(SCIMGroup):
    id_field = "scim_id"

    def __init__(self, obj, request=None):
        super().__init__(obj, request)
        self._changes = {}

    def to_dict(self):
        group = self.obj
        document = {
            "schemas": [constants.SchemaURI.GROUP],
            "id": str(group.scim_id),
            "displayName": group.display_name,
            "members": [
                {"value": str(account.scim_id), "display": account.user_name}
                for account in group.members.all()
                if group.pk
            ],
            "meta": {"resourceType": "Group", "location": self.location},
        }
        if group.external_id:
            document["externalId"] = group.external_id
        return document

    def from_dict(self, d):
        self._changes = {
            "display_name": _text(d.get("displayName"), "displayName", required=True),
            "external_id": _text(d.get("externalId"), "externalId"),
            "member_ids": _member_ids(d.get("members")),
        }

    def save(self):
        if self.obj.pk is None:
            self.obj.provider = self.request.scim_provider
        changes = self._changes
        self.obj = _service_call(lambda: scim_group_save(group=self.obj, **changes))

    def delete(self):
        scim_group_delete(group=self.obj)

    def handle_operations(self, operations):
        changes = {"add_ids": [], "remove_ids": []}
        for operation in operations:
            if not isinstance(operation, dict):
                raise exceptions.BadRequestError("Each operation must be an object.", scim_type="invalidSyntax")
            op, path, value = str(operation.get("op", "")).lower(), operation.get("path"), operation.get("value")
            path_lower = str(path or "").lower()
            if op in {"add", "replace"} and path_lower == "members":
                key = "add_ids" if op == "add" else "member_ids"
                changes[key] = changes.get(key, []) + _member_ids(value)
            elif op == "remove" and path_lower == "members":
                changes["remove_ids"] += (
                    _member_ids(value) if value is not None else [str(a.scim_id) for a in self.obj.members.all()]
                )
            elif op == "remove" and _member_filter_id(str(path or "")):
                changes["remove_ids"].append(_member_filter_id(str(path)))
            elif op in {"add", "replace"} and (
                path_lower == "displayname" or (path is None and isinstance(value, dict))
            ):
                values = value if path is None else {"displayName": value}
                if "displayName" in values:
                    changes["display_name"] = _text(values["displayName"], "displayName", required=True)
                if "externalId" in values:
                    changes["external_id"] = _text(values["externalId"], "externalId")
            else:
                raise exceptions.BadRequestError(f"{op} {path} is not supported on a Group.", scim_type="invalidPath")
        self.obj = _service_call(lambda: scim_group_save(group=self.obj, **changes))
