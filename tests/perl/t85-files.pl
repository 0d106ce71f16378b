# t85-files.pl — the module's data files the hooks rely on: config.info and
# its Spanish twin (same keys and order, valid types), the default configs
# (config-debian-linux and Webmin's fallback config-*-linux) holding every
# option with a value the form offers, module.info's keys, and every lang
# key a hook names literally present in lang/en and lang/es.
# SPDX-License-Identifier: BSD-3-Clause
use strict;
use warnings;
use FindBin;
require "$FindBin::Bin/testlib.pl";
our $moddir;

sub kv_list
{
my ($file) = @_;
my @kv;
foreach my $l (split(/\n/, &read_file($file) // "")) {
	next if ($l =~ /^#/ || $l !~ /^([^=]+)=(.*)$/);
	push(@kv, [ $1, $2 ]);
	}
return @kv;
}

my @en = &kv_list("$moddir/config.info");
my @es = &kv_list("$moddir/config.info.es");
&ok(@en >= 20, "config.info has the options (".scalar(@en)." lines)");
&is(join(" ", map { $_->[0] } @es), join(" ", map { $_->[0] } @en),
    "config.info.es: the same keys in the same order");
my %want = map { $_, 1 } qw(cluster_name cluster_desc max_servers autoscale
	check_interval theme layout auto_refresh refresh_interval retention_days
	cpu_threshold mem_threshold disk_threshold fail_count ok_count db_path
	page_size notify_email mail_from smtp_url sendmail webhook_url
	webhook_retries command scale_up_hook scale_down_hook failover_hook
	action_timeout notify_interval);
my %have = map { $_->[0], 1 } @en;
&is(join(" ", grep { !$have{$_} } sort keys %want), "", "config.info has every option asked for");
my $sections = grep { (split(/,/, $_->[1]))[1] eq '11' } @en;
&ok($sections >= 3, "config.info is split into sections ($sections)");

my %default = map { $_->[0], $_->[1] } &kv_list("$moddir/config-debian-linux");
&is(&read_file("$moddir/config-*-linux"), &read_file("$moddir/config-debian-linux"),
    "config-*-linux (Webmin's fallback) matches config-debian-linux");
foreach my $i (0 .. $#en) {
	my ($k, $v) = @{$en[$i]};
	my @p = split(/,/, $v);
	my @q = split(/,/, $es[$i]->[1]);
	&ok($p[1] =~ /^(0|1|3|11)$/ && $q[1] eq $p[1], "$k: type $p[1], the same in Spanish");
	&ok(length($q[0]) && $q[0] ne $p[0] || $p[0] eq 'General',
	    "$k: Spanish label '$q[0]'");
	next if ($p[1] == 11);
	&ok(exists($default{$k}), "$k: has a default in config-debian-linux");
	if ($p[1] == 1) {
		my @vals = map { /^(\S*)-/ ? $1 : "?" } @p[2 .. $#p];
		my @qvals = map { /^(\S*)-/ ? $1 : "?" } @q[2 .. $#q];
		&is(join(",", @qvals), join(",", @vals), "$k: the same choices in Spanish");
		&ok((grep { $_ eq $default{$k} } @vals) > 0,
		    "$k: default '$default{$k}' is one of ".join("/", @vals));
		}
	elsif ($p[1] == 0 && $k ne 'cluster_name') {
		&like($default{$k}, qr/^\d+$/, "$k: default is a number");
		}
	}

my %info = map { $_->[0], $_->[1] } &kv_list("$moddir/module.info");
foreach my $k (qw(desc desc_es longdesc longdesc_es version os_support)) {
	&ok(length($info{$k}), "module.info has $k");
	}
&is($info{'category'}, "cluster", "module.info: category=cluster");

# Lang keys the hooks name literally.
my %len = map { $_->[0], 1 } &kv_list("$moddir/lang/en");
my %les = map { $_->[0], 1 } &kv_list("$moddir/lang/es");
my %used;
foreach my $f (glob("$moddir/*.pl")) {
	my $src = &read_file($f);
	$used{$1}++ while ($src =~ /\$text\{'([a-z_]+)'\}/g);
	$used{$1}++ while ($src =~ /&text\('([a-z_]+)'/g);
	}
delete(@used{qw(yes no)});	# Webmin's own
&ok(keys(%used) > 20, "the hooks name ".scalar(keys %used)." lang keys");
&is(join(" ", grep { !$len{$_} } sort keys %used), "", "all of them in lang/en");
&is(join(" ", grep { !$les{$_} } sort keys %used), "", "all of them in lang/es");
my @mine = grep { /^(acl|log|sysinfo|status|cfg)_/ } keys %len;
&is(join(" ", grep { !$les{$_} } sort @mine), "", "every acl_/log_/sysinfo_/status_ key of lang/en is in lang/es");

&done();
