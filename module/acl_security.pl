# acl_security.pl — the module's permissions in Webmin Users: may change
# servers/connections/clusters (edit), alert rules (alerts), export/import/
# backup (export), and which clusters the user sees (clusters: "*" or names).
# Webmin itself adds the "can edit module config" (noconfig) option.
# SPDX-License-Identifier: BSD-3-Clause

use strict;
use warnings;
no warnings 'redefine';
no warnings 'uninitialized';
do 'unlimited-cluster-lib.pl';
our (%text);

our @uc_acl_flags = ('edit', 'alerts', 'export');
our $uc_acl_max_names = 256;	# the C code reads at most this many names
our $uc_acl_max_chars = 8191;	# ... from at most this many bytes

# acl_security_form(&acl)
# Prints the table rows for this module's options.
sub acl_security_form
{
my ($o) = @_;
foreach my $f (@uc_acl_flags) {
	print &ui_table_row($text{"acl_$f"},
		&ui_yesno_radio($f, $o->{$f} ? 1 : 0), 3);
	}
my $all = !defined($o->{'clusters'}) || $o->{'clusters'} eq '*';
my @mine = $all ? () : split(/[ \t,]+/, $o->{'clusters'});
my @known = &uc_cluster_names();
my $pick = @known ?
	&ui_select("clusters", \@mine, [ map { [ $_, $_ ] } @known ],
		   @known > 10 ? 10 : scalar(@known), 1, 1) :
	&ui_textbox("clusters", join(" ", @mine), 60)." ".
	$text{'acl_clusters_hint'};
print &ui_table_row($text{'acl_clusters'},
	&ui_radio("clusters_def", $all ? 1 : 0,
		  [ [ 1, $text{'acl_clusters_all'} ],
		    [ 0, $text{'acl_clusters_only'} ] ])."<br>\n".$pick, 3);
}

# acl_security_save(&acl, &in)
# Reads the form back into &acl; calls error() on a bad cluster list, so that
# nothing is saved.
sub acl_security_save
{
my ($o, $in) = @_;
foreach my $f (@uc_acl_flags) {
	$o->{$f} = $in->{$f} ? 1 : 0;
	}
if ($in->{'clusters_def'}) {
	$o->{'clusters'} = '*';
	return;
	}
my (@names, %seen);
foreach my $n (split(/[\0\s,]+/, $in->{'clusters'})) {
	next if ($n eq '' || $seen{$n}++);
	&uc_valid_name($n) ||
		&error(&text('acl_ecluster', &html_escape($n)));
	push(@names, $n);
	}
@names || &error($text{'acl_enone'});
my $list = join(" ", @names);
(@names <= $uc_acl_max_names && length($list) <= $uc_acl_max_chars) ||
	&error(&text('acl_etoomany', $uc_acl_max_names, $uc_acl_max_chars));
$o->{'clusters'} = $list;
}

1;
