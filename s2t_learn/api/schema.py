def only_public_api(endpoints):
    """Leave Wagtail's internal admin API out of the schema: only /api/ paths are public."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]
