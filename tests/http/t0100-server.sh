# shellcheck shell=bash
# t0100-server.sh — the server answers: login required, the dashboard is
# HTML, nothing outside the module is served.

http GET /unlimited-cluster/ "" --no-auth
assert_status 401 "unauthenticated request is refused with 401"

http GET /unlimited-cluster/ "" -u "$UC_USER:wrong-password"
assert_status 401 "wrong password is refused with 401"

http GET /unlimited-cluster/
assert_status 200 "dashboard with auth gives 200"
assert_header Content-type text/html "dashboard is text/html"

http GET /
assert_status 301 "/ redirects"
assert_header Location /unlimited-cluster/ "/ redirects to the module"

http GET /lighttpd.conf
assert_status 403 "files outside the module are refused"
