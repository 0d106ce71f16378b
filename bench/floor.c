/* floor.c — the benchmark's floor CGI: prints a fixed small HTML page
 * (headers plus about 1 KB of body) and nothing else, so the time to serve
 * it is what the web server and a process start cost on their own.
 * SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>

static const char PAGE[] =
    "Content-type: text/html; charset=utf-8\r\n"
    "X-Frame-Options: SAMEORIGIN\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "\r\n"
    "<!DOCTYPE html>\n"
    "<html lang=\"en\" data-module=\"unlimited-cluster\">\n"
    "<head><meta charset=\"utf-8\"><title>Floor</title></head>\n"
    "<body>\n"
    "<div class=\"container-fluid col-lg-10 col-lg-offset-1\" "
    "data-dcontainer=\"1\">\n"
    "<div class=\"panel panel-default\">\n"
    "<div class=\"panel-heading\">Floor page</div>\n"
    "<div class=\"panel-body\">\n"
    "<p>This page is printed by a C program that does nothing else. The time "
    "to serve it is the cost of the web server, the fork and exec of a CGI "
    "and the transfer of about one kilobyte of HTML: the floor that every "
    "page of the module pays.</p>\n"
    "<table class=\"table\">\n"
    "<tr><th>Name</th><th>Type</th><th>Address</th><th>State</th></tr>\n"
    "<tr><td>web-01</td><td>web</td><td>10.0.1.21</td><td>active</td></tr>\n"
    "<tr><td>web-02</td><td>web</td><td>10.0.1.22</td><td>active</td></tr>\n"
    "<tr><td>db-primary</td><td>database</td><td>10.0.1.50</td>"
    "<td>active</td></tr>\n"
    "<tr><td>lb-01</td><td>loadbalancer</td><td>10.0.1.10</td>"
    "<td>active</td></tr>\n"
    "</table>\n"
    "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do "
    "eiusmod tempor incididunt ut labore et dolore magna aliqua.</p>\n"
    "</div>\n</div>\n</div>\n</body>\n</html>\n";

int main(void)
{
    fwrite(PAGE, 1, sizeof PAGE - 1, stdout);
    return fflush(stdout) == 0 ? 0 : 1;
}
