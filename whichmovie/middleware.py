from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Send `settings.CONTENT_SECURITY_POLICY` and `PERMISSIONS_POLICY` unless a view already
    set its own."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = "; ".join(
            f"{directive} {' '.join(sources)}"
            for directive, sources in settings.CONTENT_SECURITY_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def client_address(request) -> str:
    """The address a request came from. Behind the TLS proxy (DJANGO_BEHIND_PROXY) that is the
    last address in X-Forwarded-For: the one the proxy appended (nginx's
    $proxy_add_x_forwarded_for, Caddy, Traefik); anything before it the client may have
    written itself. Without the proxy, the connection's own address."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "")
