vcl 4.1;
# Varnish in front of gunicorn for the reader site.
#
# - Anonymous reader pages are cached as the application says (Cache-Control: public,
#   s-maxage, stale-while-revalidate and stale-if-error -> grace).
# - Anything with a session or a one-time message passes straight to the application, and
#   so do the workspace, the admin and every form post.
# - The application purges what changed after each publication (editorial.frontend_cache):
#   "PURGE /path" drops one URL, "PURGE /prefix*" bans every URL that starts with /prefix.
#
# Start: varnishd -f deploy/varnish/default.vcl -a :6081 -p vcl_path=... ; the backend
# address comes from here (edit it, or generate this file in deployment).

import std;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .probe = {
        .url = "/healthz";
        .interval = 5s;
        .timeout = 2s;
        .window = 5;
        .threshold = 3;
    }
}

# Who may purge: the application servers.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed."));
        }
        if (req.url ~ "\*$") {
            # A prefix: ban every cached URL of this host that starts with it.
            ban("obj.http.x-host == " + req.http.host + " && obj.http.x-url ~ ^"
                + regsuball(regsub(req.url, "\*$", ""), "([.?+()\[\]{}|^$\\])", "\\\1"));
            return (synth(200, "Banned."));
        }
        return (purge);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Staff and anyone with a message waiting get their own, uncached page.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    if (req.url ~ "^/(workspace|accounts|audit)/") {
        return (pass);
    }
    # Serve a page past its freshness only briefly while the application is healthy (the
    # application's stale-while-revalidate), for as long as stale-if-error while it is not.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 60s;
    }
    # Reader pages do not depend on cookies (a stray csrftoken must not split the cache).
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # Kept for bans, so the ban lurker can work without a request.
    set beresp.http.x-url = bereq.url;
    set beresp.http.x-host = bereq.http.host;
    # The application never lets a response that sets a cookie be public; be sure anyway.
    if (beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # stale-if-error: keep serving the last good page while the application is down
    # (vcl_recv shortens this to stale-while-revalidate while it is up).
    if (beresp.http.Cache-Control ~ "stale-if-error=\d+") {
        set beresp.grace = std.duration(
            regsub(beresp.http.Cache-Control, ".*stale-if-error=(\d+).*", "\1") + "s", 0s);
    }
    return (deliver);
}

sub vcl_backend_error {
    # With the application down, a kept copy is better than an error page.
    if (bereq.is_bgfetch) {
        return (abandon);
    }
}

sub vcl_deliver {
    unset resp.http.x-url;
    unset resp.http.x-host;
    # For the CI check and for operators: was this answered from the cache?
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
