# log_parser.pl — readable sentences for the module's lines in Webmin's
# action log (the C pages write them with app_log_action: action, type,
# object and the request's fields as params).
# SPDX-License-Identifier: BSD-3-Clause

use strict;
use warnings;
no warnings 'redefine';
no warnings 'uninitialized';
do 'unlimited-cluster-lib.pl';
our (%text);

our $uc_log_list_max = 20;	# ids listed in the long form at most

# parse_webmin_log(user, script, action, type, object, &params, [long])
# Returns the HTML description of one action, or undef for one this module
# does not know (Webmin then shows "action type object").
sub parse_webmin_log
{
my ($user, $script, $action, $type, $object, $p, $long) = @_;
my $o = &uc_log_tt($object);
my @servers = grep { length } split(/\0/, $p->{'servers'});
if ($type eq 'server' && $action eq 'delete' && @servers > 1) {
	return &text('log_delete_servers', int($object)).
	       ($long ? &uc_log_list(@servers) : "");
	}
if ($type eq 'server' && $action eq 'create' && $long && $p->{'type'}) {
	return &text('log_create_server_long', $o,
		     &html_escape($text{"type_$p->{'type'}"} || $p->{'type'}),
		     &uc_log_tt($p->{'ip'}));
	}
if ($type eq 'connection' && $object =~ /^(.+)->(.+)$/) {
	my ($from, $to) = (&uc_log_tt($1), &uc_log_tt($2));
	return $long && $action eq 'connect' && $p->{'type'} ?
		&text('log_connect_connection_long', $from, $to,
		      &html_escape($text{"conn_$p->{'type'}"} || $p->{'type'})) :
		&uc_log_text("log_${action}_connection", $from, $to);
	}
if ($type eq 'connection' && $action eq 'connect') {
	my $to = $p->{'to'};
	return (length($to) ?
		&text('log_connect_bulk_to', int($object), &uc_log_tt($to)) :
		&text('log_connect_bulk', int($object))).
	       ($long ? &uc_log_list(@servers) : "");
	}
if ($type eq 'cluster' && ($action eq 'join' || $action eq 'leave')) {
	my $s = $p->{$action eq 'join' ? 'add' : 'remove'};
	return length($s) ?
		&text("log_${action}_cluster", $o, &uc_log_tt($s)) :
		&text("log_${action}_cluster_any", $o);
	}
if ($type eq 'cluster' && $action eq 'create' && $long && @servers) {
	return &text('log_create_cluster_long', $o, scalar(@servers));
	}
if ($type eq 'estate') {
	my $d = $object eq 'api' ? &uc_log_text("log_${action}_api") :
				   &uc_log_text("log_${action}_estate", $o);
	return $d if (!$d || !$long || $action ne 'import');
	my @how = grep { $_ } $text{"log_mode_$p->{'mode'}"},
			      $p->{'dry_run'} ? $text{'log_dry_run'} : undef;
	return @how ? $d." (".join(", ", @how).")" : $d;
	}
if ($type eq 'alert' && $action eq 'silence' && $long &&
    length($p->{'duration'})) {
	my ($r, $s) = ($p->{'rule'}, $p->{'server'});
	my $d = &html_escape($p->{'duration'});
	return length($r) && length($s) ?
		&text('log_silence_alert_long', &uc_log_tt($r), &uc_log_tt($s), $d) :
	       &text('log_silence_alert_one', &uc_log_tt(length($r) ? $r : $s), $d);
	}
return undef if ($type eq 'connection');
return &uc_log_text("log_${action}_${type}", $o);
}

# uc_log_text(key, arg, ...)
# &text for a key that may not exist: undef then.
sub uc_log_text
{
my ($key, @args) = @_;
return $text{$key} ? &text($key, @args) : undef;
}

# uc_log_tt(name)
# A name from the log, escaped, in <tt>.
sub uc_log_tt
{
my ($n) = @_;
$n = "" if ($n eq "-");
return "<tt>".&html_escape($n)."</tt>";
}

# uc_log_list(id, ...)
# " (servers: a, b, …)" for the long form, at most $uc_log_list_max ids.
sub uc_log_list
{
my @ids = @_;
my $more = @ids > $uc_log_list_max ? ", …" : "";
splice(@ids, $uc_log_list_max) if ($more);
return " (".&text('log_servers',
		  join(", ", map { &uc_log_tt($_) } @ids).$more).")";
}

1;
