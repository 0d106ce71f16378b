# t80-virtualmin.pl — virtual_feature.pl: a Virtualmin plugin that is not a
# per-domain feature (no feature_setup) and gives one global menu link, only
# to a user who may use the module.
# SPDX-License-Identifier: BSD-3-Clause
use strict;
use warnings;
use utf8;
use FindBin;
require "$FindBin::Bin/testlib.pl";
binmode(STDOUT, ":utf8");

&load_hook("virtual_feature.pl");
&is(&call("feature_name"), "Unlimited Cluster", "feature_name: the module's title");
&is(&call("feature_check"), undef, "feature_check: nothing missing");
&ok(!defined(&unlimited_cluster::feature_setup), "no feature_setup: not a per-domain feature");
my $l = &call("feature_global_links");
&is(ref($l), "HASH", "feature_global_links: one hash ref (Virtualmin calls it in scalar context)");
&is($l->{'url'}, "/unlimited-cluster/", "link url");
&is($l->{'title'}, "Unlimited Cluster", "link title");
$ENV{'UC_TEST_AVAILABLE'} = 0;
&is(&call("feature_global_links"), undef, "no link for a user without the module");
delete($ENV{'UC_TEST_AVAILABLE'});

$ENV{'UC_TEST_LANG'} = 'es';
&load_hook("virtual_feature.pl");
my $n = &call("feature_name");
utf8::decode($n);
&is($n, "Clúster ilimitado", "feature_name in Spanish");

&done();
