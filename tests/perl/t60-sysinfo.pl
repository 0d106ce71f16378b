# t60-sysinfo.pl — system_info.pl: the dashboard panel's counts come from
# "clusterctl status --json", every value is escaped, it opens itself when
# something is down, and it shows nothing to a user without the module. A
# user limited to some clusters gets only those (cluster show), never the
# totals.
# SPDX-License-Identifier: BSD-3-Clause
use strict;
use warnings;
use FindBin;
require "$FindBin::Bin/testlib.pl";

my $db = "$ENV{'UC_TEST_VAR'}/modules/unlimited-cluster/cluster.db";
my $acl = "$ENV{'UC_TEST_CONFIG'}/unlimited-cluster/admin.acl";
&load_hook("system_info.pl");

&is(&count("list_system_info", { }, { }), 0, "no database yet: no panel");
&write_file($db, "x");

&fake_answer([ "status", "--json" ],
	'{"servers":12,"connections":30,"clusters":2,'.
	'"by_status":{"active":9,"warning":1,"inactive":2,"unknown":0},'.
	'"by_type":{"web":5,"database":4,"<b>odd</b>":3},"alerts_active":4,'.
	'"daemon":{"running":true,"pid":4242},"db":{"path":"/x","schema":3}}');
my @p = &call("list_system_info", { }, { });
&is(scalar(@p), 1, "one panel");
my $b = $p[0];
&is($b->{'type'}, "table", "type table");
&is($b->{'id'}, "unlimited_cluster_status", "id");
&is($b->{'desc'}, "Servers and clusters", "title");
&is($b->{'open'}, 1, "open: servers are down and alerts are active");
my %row = map { $_->{'desc'} => $_->{'value'} } @{$b->{'table'}};
&is($row{'Servers'}, "<a href='/unlimited-cluster/'>12</a>", "servers: count linked to the module");
&is($row{'Server status'}, "9 active, 1 warning, 2 inactive, 0 unknown", "status counts");
&is($row{'Servers by type'}, "Web 5, Database 4, &lt;b&gt;odd&lt;/b&gt; 3",
    "by type: most common first, labels from lang, an unknown type escaped");
&is($row{'Active alerts'}, 4, "active alerts");
&is($row{'Connections'}, 30, "connections");
&is($row{'Clusters'}, 2, "clusters");
&is($row{'Monitoring daemon'}, "Running (process 4242)", "daemon running with its pid");
&ok(!(grep { exists($_->{'uc_bad'}) } @{$b->{'table'}}), "no internal keys left in the rows");
&is(join("|", &fake_calls()), "status --json", "one clusterctl call: status --json");

&fake_answer([ "status", "--json" ],
	'{"servers":1,"connections":0,"clusters":0,"by_status":{"active":1},'.
	'"by_type":{},"alerts_active":0,"daemon":{"running":false,"pid":null}}');
($b) = &call("list_system_info", { }, { });
%row = map { $_->{'desc'} => $_->{'value'} } @{$b->{'table'}};
&is($b->{'open'}, 0, "all up, no alerts: closed");
&is($row{'Servers by type'}, "None", "no types: None");
&is($row{'Monitoring daemon'}, "Not running", "daemon not running");

&fake_answer([ "status", "--json" ], "", 1, "database is locked <now>\n");
($b) = &call("list_system_info", { }, { });
&like($b->{'table'}->[0]->{'value'}, qr/^The cluster status could not be read: database is locked &lt;now&gt;$/,
      "a failure shows clusterctl's message, escaped");

$ENV{'UC_TEST_AVAILABLE'} = 0;
&is(&count("list_system_info", { }, { }), 0, "a user without the module sees no panel");
delete($ENV{'UC_TEST_AVAILABLE'});

# A user limited to clusters alpha and "beta".
&fake_reset();
&write_file($acl, "clusters=alpha beta\n");
&load_hook("system_info.pl");
&fake_answer([ "cluster", "show", "alpha", "--json" ],
	'{"name":"alpha","description":"","members":3,'.
	'"by_status":{"active":2,"warning":0,"inactive":1,"unknown":0},"servers":[]}');
&fake_answer([ "cluster", "show", "beta", "--json" ], "", 1, "there is no cluster named beta\n");
($b) = &call("list_system_info", { }, { });
&is(join("|", &fake_calls()), "cluster show alpha --json|cluster show beta --json",
    "limited user: only cluster show for their clusters, no status");
&is($b->{'table'}->[0]->{'desc'}, "alpha", "limited user: a row for alpha");
&is($b->{'table'}->[0]->{'value'}, "3 servers: 2 active, 0 warning, 1 inactive, 0 unknown",
    "limited user: alpha's counts");
&is($b->{'table'}->[1]->{'value'}, "there is no cluster named beta", "limited user: beta's error");
&is($b->{'open'}, 1, "limited user: open, a server is down");

&write_file($acl, "clusters=".join(" ", map { "c$_" } 1 .. 25)."\n");
&load_hook("system_info.pl");
($b) = &call("list_system_info", { }, { });
&is(scalar(@{$b->{'table'}}), 21, "25 clusters: 20 rows and one more");
&is($b->{'table'}->[20]->{'value'}, "… and 5 more clusters", "... saying how many are left out");

&write_file($acl, "clusters=\n");
&load_hook("system_info.pl");
($b) = &call("list_system_info", { }, { });
&is($b->{'table'}->[0]->{'value'}, "None", "an empty cluster list: None, no totals");

&done();
