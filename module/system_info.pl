# system_info.pl — a panel on the System Information dashboard (Authentic):
# servers by status and type, connections, clusters, active alerts and the
# monitoring daemon, from `clusterctl status --json`. A user limited to some
# clusters sees only those, one row each, from `clusterctl cluster show`.
# SPDX-License-Identifier: BSD-3-Clause

use strict;
use warnings;
no warnings 'redefine';
no warnings 'uninitialized';
do 'unlimited-cluster-lib.pl';
our (%text, $uc_module);

our $uc_sysinfo_max_clusters = 20;	# rows for a limited user at most
our @uc_states = ('active', 'warning', 'inactive', 'unknown');
our $uc_sysinfo_timeout = 15;		# seconds: the dashboard waits for it

# list_system_info(&data, &in)
# Returns one "table" block, or () when this user may not use the module or
# there is no database yet.
sub list_system_info
{
return () if (!&foreign_available($uc_module) || !-e &uc_db_path());
my $scope = &uc_scope();
my @rows = $scope ? &uc_sysinfo_scoped($scope) : &uc_sysinfo_all();
my $open = grep { $_->{'uc_bad'} } @rows;
delete($_->{'uc_bad'}) foreach (@rows);
return ( { 'type' => 'table',
	   'id' => 'unlimited_cluster_status',
	   'desc' => $text{'sysinfo_title'},
	   'open' => $open ? 1 : 0,
	   'table' => \@rows } );
}

# uc_sysinfo_all()
# The rows for a user who sees every cluster.
sub uc_sysinfo_all
{
my ($s, $err) = &uc_run_json([ "status", "--json" ], $uc_sysinfo_timeout);
return &uc_sysinfo_error($err) if (!$s);
my $bs = $s->{'by_status'} || { };
my $bt = $s->{'by_type'} || { };
# Most common type first.
my @types = map { &html_escape(($text{"type_$_"} || $_)." ".int($bt->{$_})) }
		sort { $bt->{$b} <=> $bt->{$a} || $a cmp $b } keys %$bt;
my $d = $s->{'daemon'} || { };
return (
	{ 'desc' => $text{'sysinfo_servers'},
	  'value' => "<a href='".&get_webprefix()."/$uc_module/'>".
		     int($s->{'servers'})."</a>" },
	{ 'desc' => $text{'sysinfo_status'}, 'uc_bad' => $bs->{'inactive'} > 0,
	  'value' => &uc_sysinfo_states($bs) },
	{ 'desc' => $text{'sysinfo_by_type'},
	  'value' => @types ? join(", ", @types) : $text{'sysinfo_none'} },
	{ 'desc' => $text{'sysinfo_alerts'}, 'uc_bad' => $s->{'alerts_active'} > 0,
	  'value' => int($s->{'alerts_active'}) },
	{ 'desc' => $text{'sysinfo_connections'},
	  'value' => int($s->{'connections'}) },
	{ 'desc' => $text{'sysinfo_clusters'}, 'value' => int($s->{'clusters'}) },
	{ 'desc' => $text{'sysinfo_daemon'},
	  'value' => $d->{'running'} ? &text('sysinfo_running', int($d->{'pid'}))
				     : $text{'sysinfo_stopped'} },
	);
}

# uc_sysinfo_scoped(&names)
# One row per cluster the user may see.
sub uc_sysinfo_scoped
{
my ($names) = @_;
my @names = @$names;
return ( { 'desc' => $text{'sysinfo_clusters'},
	   'value' => $text{'sysinfo_none'} } ) if (!@names);
my $more = @names - $uc_sysinfo_max_clusters;
splice(@names, $uc_sysinfo_max_clusters) if ($more > 0);
my @rows;
foreach my $n (@names) {
	my ($c, $err) = &uc_run_json([ "cluster", "show", $n, "--json" ],
				  $uc_sysinfo_timeout);
	push(@rows, $c ?
		{ 'desc' => &html_escape($n),
		  'uc_bad' => $c->{'by_status'}->{'inactive'} > 0,
		  'value' => &text('sysinfo_members', int($c->{'members'}),
				   &uc_sysinfo_states($c->{'by_status'})) } :
		{ 'desc' => &html_escape($n), 'uc_bad' => 1,
		  'value' => &html_escape($err) });
	}
push(@rows, { 'desc' => "", 'value' => &text('sysinfo_more', $more) })
	if ($more > 0);
return @rows;
}

# uc_sysinfo_states(&by_status)
# "3 active, 1 warning, 0 inactive, 2 unknown"
sub uc_sysinfo_states
{
my ($bs) = @_;
return &text('sysinfo_states', map { int($bs->{$_}) } @uc_states);
}

# uc_sysinfo_error(message)
sub uc_sysinfo_error
{
my ($err) = @_;
return ( { 'desc' => $text{'sysinfo_title'}, 'uc_bad' => 1,
	   'value' => &text('sysinfo_error', &html_escape($err)) } );
}

1;
