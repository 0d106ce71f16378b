# t70-status.pl — status_monitor.pl for Webmin's System and Server Status:
# one monitor type; up when the share of a cluster's servers that are up
# (active or warning) reaches the minimum; the dialog and its parsing.
# SPDX-License-Identifier: BSD-3-Clause
use strict;
use warnings;
use FindBin;
require "$FindBin::Bin/testlib.pl";
our $moddir;

sub show
{
my ($name, $members, $active, $warning, $inactive, $unknown) = @_;
&fake_answer([ "cluster", "show", $name, "--json" ],
	"{\"name\":\"$name\",\"description\":\"\",\"members\":$members,".
	"\"by_status\":{\"active\":$active,\"warning\":$warning,".
	"\"inactive\":$inactive,\"unknown\":$unknown},\"servers\":[]}");
}

&load_hook("status_monitor.pl");
my @types = &call("status_monitor_list");
&is(scalar(@types), 1, "one monitor type");
&is($types[0]->[0], "health", "type id health");
&is($types[0]->[1], "Unlimited Cluster: cluster health", "type description");

&show("prod", 4, 2, 1, 1, 0);
my $r = &call("status_monitor_status", "health", { 'uc_cluster' => 'prod', 'uc_min_up' => 75 }, 0);
&is($r->{'up'}, 1, "3 of 4 up, minimum 75%: up");
&is($r->{'value'}, 75, "value is the percentage up");
&is($r->{'desc'}, "3 of 4 servers up (75%; at least 75% required)", "description");
&is(join("|", &fake_calls()), "cluster show prod --json", "asked clusterctl cluster show prod --json");
$r = &call("status_monitor_status", "health", { 'uc_cluster' => 'prod', 'uc_min_up' => 76 }, 0);
&is($r->{'up'}, 0, "3 of 4 up, minimum 76%: down");

&show("third", 3, 2, 0, 1, 0);
$r = &call("status_monitor_status", "health", { 'uc_cluster' => 'third', 'uc_min_up' => 67 }, 0);
&is($r->{'up'}, 0, "2 of 3 (66.7%), minimum 67%: down (no rounding up)");
$r = &call("status_monitor_status", "health", { 'uc_cluster' => 'third', 'uc_min_up' => 66 }, 0);
&is($r->{'up'}, 1, "2 of 3, minimum 66%: up");

&show("dark", 2, 0, 0, 0, 2);
$r = &call("status_monitor_status", "health", { 'uc_cluster' => 'dark', 'uc_min_up' => 50 }, 0);
&is($r->{'up'}, 0, "servers in unknown state do not count as up");

&show("empty", 0, 0, 0, 0, 0);
$r = &call("status_monitor_status", "health", { 'uc_cluster' => 'empty', 'uc_min_up' => 0 }, 0);
&is($r->{'up'}, 1, "empty cluster, minimum 0%: up");
$r = &call("status_monitor_status", "health", { 'uc_cluster' => 'empty', 'uc_min_up' => 1 }, 0);
&is($r->{'up'}, 0, "empty cluster, minimum 1%: down");

&fake_answer([ "cluster", "show", "gone", "--json" ], "", 1, "there is no cluster named <gone>\n");
$r = &call("status_monitor_status", "health", { 'uc_cluster' => 'gone', 'uc_min_up' => 50 }, 0);
&is($r->{'up'}, 0, "a missing cluster: down");
&is($r->{'desc'}, "there is no cluster named &lt;gone&gt;", "... with clusterctl's message, escaped");

&fake_reset();
$r = &call("status_monitor_status", "health", { 'uc_cluster' => '-x; rm', 'uc_min_up' => 50 }, 0);
&is($r->{'up'}, 0, "a bad cluster name: down");
&is(scalar(&fake_calls()), 0, "... without running clusterctl");

# The dialog and its parsing.
&fake_answer([ "cluster", "list", "--json" ], '{"clusters":[{"name":"prod"},{"name":"dev"}]}');
my $h = &call("status_monitor_dialog", "health", { 'uc_cluster' => 'prod', 'uc_min_up' => 60 });
&like($h, qr/<select name="uc_cluster">.*<option value="dev">.*<option value="prod" selected>/s,
      "dialog: a select of the clusters, the monitor's selected");
&like($h, qr/name="uc_min_up" value="60"/, "dialog: the minimum");
$h = &call("status_monitor_dialog", "health", { });
&like($h, qr/name="uc_min_up" value="50"/, "dialog: a new monitor starts at 50%");

my %mon;
&call("status_monitor_parse", "health", \%mon, { 'uc_cluster' => ' prod ', 'uc_min_up' => '80' });
&is("$mon{'uc_cluster'}/$mon{'uc_min_up'}", "prod/80", "parse: stores cluster and minimum");
foreach my $bad ([ "bad name", "50", "cluster name" ], [ "", "50", "cluster name" ],
		 [ "prod", "101", "whole number" ], [ "prod", "-1", "whole number" ],
		 [ "prod", "5.5", "whole number" ], [ "prod", "", "whole number" ]) {
	%mon = ( 'uc_cluster' => 'keep' );
	eval { &call("status_monitor_parse", "health", \%mon,
		     { 'uc_cluster' => $bad->[0], 'uc_min_up' => $bad->[1] }) };
	&like($@, qr/^ERROR: .*\Q$bad->[2]\E/, "parse: rejects '$bad->[0]' / '$bad->[1]'");
	&is($mon{'uc_cluster'}, 'keep', "parse: ... and changes nothing");
	}

unlink("$moddir/clusterctl");
&is(&count("status_monitor_list"), 0, "no clusterctl: no monitor type offered");
$r = &call("status_monitor_status", "health", { 'uc_cluster' => 'prod', 'uc_min_up' => 1 }, 0);
&is($r->{'up'}, -1, "no clusterctl: status -1 (not installed)");

&done();
