"""Recovery codes were kept as they are shown; from here on only a keyed hash
of each is kept (lead_ops.accounts.mfa.recovery_code_digest). Existing codes are
hashed in place, so they keep working. There is no way back to the plain codes:
reversed, this changes nothing (the hashed codes stay, and would no longer match)."""

import re

from django.db import migrations
from django.utils.crypto import salted_hmac

SALT = "lead_ops.accounts.mfa.recovery-code"  # frozen: mfa._DIGEST_SALT at the time of writing
DIGEST = re.compile(r"^[0-9a-f]{16}$")


def hash_plain_codes(apps, schema_editor):
    StaticToken = apps.get_model("otp_static", "StaticToken")
    for token in StaticToken.objects.all():
        if DIGEST.match(token.token):
            continue  # already a digest
        plain = re.sub(r"[\s-]+", "", token.token).lower()
        token.token = salted_hmac(SALT, plain, algorithm="sha256").hexdigest()[:16]
        token.save(update_fields=["token"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_existing_prosecutors_join_one_office"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(hash_plain_codes, migrations.RunPython.noop)]
