# t40-install-check.pl — install_check.pl: 0 when clusterctl does not run
# (missing, or built for another machine), 1 when it runs, 2 (mode 1) when
# the database exists and clusterctl opens it.
# SPDX-License-Identifier: BSD-3-Clause
use strict;
use warnings;
use FindBin;
require "$FindBin::Bin/testlib.pl";
our $moddir;

my $db = "$ENV{'UC_TEST_VAR'}/modules/unlimited-cluster/cluster.db";
my $status = '{"servers":0,"connections":0,"clusters":0,"by_status":{},'.
	     '"by_type":{},"alerts_active":0,"daemon":{"running":false,'.
	     '"pid":null},"db":{"path":"x","schema":1}}';
&load_hook("install_check.pl");

&is(&call("is_installed", 0), 1, "clusterctl runs: mode 0 gives 1");
&is(&call("is_installed", 1), 1, "no database: mode 1 gives 1");
&ok(!-e $db, "the check does not create the database");
&ok(!grep { /^status/ } &fake_calls(), "no database: status not asked");

&write_file($db, "x");
&fake_answer([ "status", "--json" ], $status);
&is(&call("is_installed", 1), 2, "database opens: mode 1 gives 2");
&is(&call("is_installed", 0), 1, "database opens: mode 0 still gives 1");

&fake_answer([ "status", "--json" ], "", 1, "file is not a database\n");
&is(&call("is_installed", 1), 1, "database does not open: mode 1 gives 1");
&fake_answer([ "status", "--json" ], "garbage");
&is(&call("is_installed", 1), 1, "status prints no JSON: mode 1 gives 1");

&write_file("$moddir/clusterctl", "\x7fELF\x02\x01\x01 not for this machine", 0755);
&is(&call("is_installed", 0), 0, "a binary that cannot run here gives 0");
&is(&call("is_installed", 1), 0, "... in mode 1 too");
&write_file("$moddir/clusterctl", "#!/bin/sh\nkill -SEGV \$\$\n", 0755);
&is(&call("is_installed", 0), 0, "a clusterctl that crashes gives 0");
unlink("$moddir/clusterctl");
&is(&call("is_installed", 0), 0, "no clusterctl gives 0");

&done();
