# status_monitor.pl — a monitor type for Webmin's System and Server Status
# module: "cluster health" is up while at least a minimum percentage of a
# cluster's servers is up (active or warning), per `clusterctl cluster show`.
# SPDX-License-Identifier: BSD-3-Clause

use strict;
use warnings;
no warnings 'redefine';
no warnings 'uninitialized';
do 'unlimited-cluster-lib.pl';
our (%text);

# status_monitor_list()
# The monitor types of this module: [ id, description ] each.
sub status_monitor_list
{
return () if (!&uc_clusterctl());
return ( [ "health", $text{'status_type'} ] );
}

# status_monitor_status(type, &monitor, from-ui)
# { up => 1|0|-1, desc => HTML, value => percentage of servers up }.
sub status_monitor_status
{
my ($type, $mon, $fromui) = @_;
return { 'up' => -1, 'desc' => $text{'status_missing'} }
	if ($type ne 'health' || !&uc_clusterctl());
my $name = $mon->{'uc_cluster'};
my $min = int($mon->{'uc_min_up'});
return { 'up' => 0, 'desc' => $text{'status_ecluster'} }
	if (!&uc_valid_name($name));
# Status gives each monitor 60 s; answer before it gives up.
my ($c, $err) = &uc_run_json([ "cluster", "show", $name, "--json" ], 50);
return { 'up' => 0, 'desc' => &html_escape($err) } if (!$c);
my $bs = $c->{'by_status'} || { };
my $members = int($c->{'members'});
my $up = int($bs->{'active'}) + int($bs->{'warning'});
my $pct = $members ? int($up * 100 / $members) : 0;
# Integer test, no rounding; an empty cluster passes only a 0% minimum.
my $ok = $members ? $up * 100 >= $min * $members : $min == 0;
return { 'up' => $ok ? 1 : 0,
	 'value' => $pct,
	 'desc' => &text('status_desc', $up, $members, $pct, $min) };
}

# status_monitor_dialog(type, &monitor)
# The monitor's own inputs, as table rows.
sub status_monitor_dialog
{
my ($type, $mon) = @_;
my @known = &uc_cluster_names();
my $name = $mon->{'uc_cluster'};
my $min = defined($mon->{'uc_min_up'}) ? $mon->{'uc_min_up'} : 50;
return &ui_table_row($text{'status_cluster'}, @known ?
		&ui_select("uc_cluster", $name,
			   [ map { [ $_, $_ ] } @known ], 1, 0, 1) :
		&ui_textbox("uc_cluster", $name, 30)).
       &ui_table_row($text{'status_min'},
		&ui_textbox("uc_min_up", $min, 4)."% ".$text{'status_min_hint'});
}

# status_monitor_parse(type, &monitor, &in)
# Checks and stores the inputs; error() on a bad one.
sub status_monitor_parse
{
my ($type, $mon, $in) = @_;
my $name = $in->{'uc_cluster'};
$name =~ s/^\s+|\s+$//g;
&uc_valid_name($name) || &error($text{'status_ecluster'});
my ($min) = $in->{'uc_min_up'} =~ /^\s*(\d{1,3})\s*$/;
defined($min) && $min <= 100 || &error($text{'status_emin'});
$mon->{'uc_cluster'} = $name;
$mon->{'uc_min_up'} = int($min);
}

1;
