"""Secret tokens for invitations and join links. Only hashes of invitation tokens are stored."""

import hashlib
import secrets


def new_token():
    return secrets.token_urlsafe(32)


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()
