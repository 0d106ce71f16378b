# t05-lib.pl — unlimited-cluster-lib.pl, the helpers every hook uses: the
# name rule, the database path, the ACL cluster scope, running a program
# without a shell (arguments verbatim, environment, time limit) and reading
# clusterctl's JSON and messages.
# SPDX-License-Identifier: BSD-3-Clause
use strict;
use warnings;
use FindBin;
require "$FindBin::Bin/testlib.pl";
use Time::HiRes ();
our $moddir;

my $etc = $ENV{'UC_TEST_CONFIG'};
my $var = $ENV{'UC_TEST_VAR'};
&load_hook("unlimited-cluster-lib.pl");

foreach my $n ("a", "A9", "web-01.prod_x", "9", "x" x 64) {
	&ok(&call("uc_valid_name", $n), "valid name '$n'");
	}
foreach my $n ("", "x" x 65, "-a", ".a", "_a", "a b", "a/b", "a;b", "a\n", "\x{e9}t\x{e9}") {
	&ok(!&call("uc_valid_name", $n), "invalid name '".($n =~ s/\n/\\n/r)."'");
	}

&is(&call("uc_db_path"), "$var/modules/unlimited-cluster/cluster.db",
    "database path: the default under WEBMIN_VAR");
&write_file("$etc/unlimited-cluster/config", "db_path=/srv/c.db\n");
&load_hook("unlimited-cluster-lib.pl");
&is(&call("uc_db_path"), "/srv/c.db", "database path: module config db_path");

my $acl = "$etc/unlimited-cluster/admin.acl";
&is(&call("uc_scope"), undef, "scope: defaultacl clusters=* means all");
foreach my $c ([ "a b", "a b" ], [ "a,b\tc", "a b c" ], [ "", "" ],
	       [ "ok bad! -x", "ok" ], [ " * ", "" ]) {
	&write_file($acl, "clusters=$c->[0]\n");
	&load_hook("unlimited-cluster-lib.pl");
	my $s = &call("uc_scope");
	&is(ref($s) ? join(" ", @$s) : "ALL", $c->[1],
	    "scope: clusters='$c->[0]' read as the C code reads it");
	}

# Running programs.
my ($exit, $out, $err) = &call("uc_command",
	[ "/bin/sh", "-c", 'printf "%s|" "$@"; printf "%s" "$UC_X" >&2; exit 3',
	  "sh", "a b", '$(touch /tmp/uc-no-shell)', ";rm -rf x" ],
	10, { 'UC_X' => 'env passed' });
&is($exit, 3, "uc_command: the exit status");
&is($out, 'a b|$(touch /tmp/uc-no-shell)|;rm -rf x|', "uc_command: arguments reach the program verbatim");
&is($err, "env passed", "uc_command: stderr captured, extra environment set");
&ok(!-e "/tmp/uc-no-shell", "uc_command: nothing was run by a shell");
&ok(!defined($ENV{'UC_X'}), "uc_command: the caller's environment is unchanged");

my $t0 = Time::HiRes::time();
($exit, $out, $err) = &call("uc_command", [ "/bin/sh", "-c", "echo started; sleep 30" ], 1);
my $took = Time::HiRes::time() - $t0;
&is($exit, -1, "uc_command: a program over its time is stopped (-1)");
&ok($took < 5, sprintf("uc_command: ... after about its 1 s limit (%.1f s)", $took));
&like($err, qr{^/bin/sh was stopped after 1 s$}, "uc_command: ... and says so");
&is($out, "started\n", "uc_command: ... keeping what it printed before");
($exit, $out, $err) = &call("uc_command", [ "/nonexistent/prog" ], 5);
&is($exit, -1, "uc_command: a missing program gives -1");
&like($err, qr{cannot run /nonexistent/prog}, "uc_command: ... with a message");
&is(scalar(() = glob("$ENV{'UC_TEST_TMP'}/*")), 0, "uc_command: no temporary files left");

# clusterctl.
&fake_answer([ "status", "--json" ], '{"servers":3}');
my ($data, $e) = &call("uc_run_json", [ "status", "--json" ]);
&is($data->{'servers'}, 3, "uc_run_json: decodes clusterctl's JSON");
&is(&read_file("$ENV{'UC_FAKE_DIR'}/env.log"), "WEBMIN_CONFIG=$etc WEBMIN_VAR=$var\n",
    "uc_run: clusterctl gets Webmin's config and var folders");
&fake_answer([ "status", "--json" ], "[1,2]");
($data, $e) = &call("uc_run_json", [ "status", "--json" ]);
&ok(!$data && $e =~ /not JSON/, "uc_run_json: JSON that is not an object is refused");
&fake_answer([ "status", "--json" ], "", 1, "\n  \nfirst \x01line\nsecond\n");
($data, $e) = &call("uc_run_json", [ "status", "--json" ]);
&is($e, "first line", "uc_run_json: the first non-empty stderr line, control characters removed");
&fake_answer([ "status", "--json" ], "", 1, ("x" x 400)."\n");
($data, $e) = &call("uc_run_json", [ "status", "--json" ]);
&is($e, ("x" x 300)."…", "uc_message: cut to 300 characters and an ellipsis");
&fake_answer([ "status", "--json" ], "", 1);
($data, $e) = &call("uc_run_json", [ "status", "--json" ]);
&is($e, "clusterctl failed (exit 1)", "uc_message: a failure without a message");
unlink("$moddir/clusterctl");
($exit, $out, $err) = &call("uc_run", [ "status" ]);
&is($exit, -1, "uc_run: no clusterctl gives -1");
&like($err, qr/clusterctl is missing/, "uc_run: ... saying it is missing");

&done();
