# t10-acl.pl — acl_security.pl: the form shows the flags and the cluster
# choice (a list from clusterctl, else a text box); save reads them back
# and refuses bad cluster lists with a clear, escaped message.
# SPDX-License-Identifier: BSD-3-Clause
use strict;
use warnings;
use FindBin;
require "$FindBin::Bin/testlib.pl";
our $moddir;

&fake_answer([ "cluster", "list", "--json" ],
	'{"clusters":[{"name":"alpha","description":"","members":2},'.
	'{"name":"beta","description":"x","members":0}]}');
&load_hook("acl_security.pl");

# The form.
my $html = &capture(sub { &call("acl_security_form",
	{ 'edit' => 1, 'alerts' => 0, 'export' => 1, 'clusters' => '*' }) });
&like($html, qr/name="edit" value="1" checked/, "form: edit=1 shown as yes");
&like($html, qr/name="alerts" value="0" checked/, "form: alerts=0 shown as no");
&like($html, qr/name="clusters_def" value="1" checked/,
      "form: clusters=* selects all clusters");
&like($html, qr/<select name="clusters" multiple>/,
      "form: existing clusters offered in a multi-select");
&like($html, qr/<option value="alpha">alpha<\/option>.*<option value="beta">/s,
      "form: the select lists alpha and beta from clusterctl");
&unlike($html, qr/noconfig/, "form: no noconfig row (Webmin adds its own)");
&like($html, qr/Can change alert rules and actions\?/, "form: English labels");

$html = &capture(sub { &call("acl_security_form",
	{ 'edit' => 0, 'clusters' => 'alpha gone' }) });
&like($html, qr/name="clusters_def" value="0" checked/,
      "form: a list selects 'only these'");
&like($html, qr/<option value="alpha" selected>/, "form: alpha selected");
&like($html, qr/<option value="gone" selected>gone/,
      "form: a saved cluster that no longer exists stays selected");

&fake_answer([ "cluster", "list", "--json" ], "", 1, "no database\n");
$html = &capture(sub { &call("acl_security_form",
	{ 'clusters' => 'alpha beta' }) });
&like($html, qr/<input type='text' name="clusters" value="alpha beta"/,
      "form: without a cluster list, a text box with the names");

# Saving.
my %o;
&call("acl_security_save", \%o,
      { 'edit' => 1, 'alerts' => 0, 'export' => 1, 'clusters_def' => 1,
	'clusters' => 'ignored' });
&is(join(",", map { "$_=$o{$_}" } sort keys %o),
    "alerts=0,clusters=*,edit=1,export=1", "save: flags and all clusters");

%o = ();
&call("acl_security_save", \%o,
      { 'edit' => '', 'clusters_def' => 0, 'clusters' => "alpha\0beta" });
&is($o{'clusters'}, "alpha beta", "save: names from the multi-select");
&is($o{'edit'}, 0, "save: a missing flag is 0");

%o = ();
&call("acl_security_save", \%o,
      { 'clusters_def' => 0, 'clusters' => " alpha, beta\talpha\n" });
&is($o{'clusters'}, "alpha beta", "save: text split at spaces and commas, duplicates dropped");

my $max = "a" x 64;
&call("acl_security_save", \%o, { 'clusters_def' => 0, 'clusters' => $max });
&is($o{'clusters'}, $max, "save: a 64-character name is accepted");

my @bad = ( [ "a" x 65, "65 characters" ], [ "-lead", "leading dash" ],
	    [ ".dot", "leading dot" ], [ "bad/name", "slash" ],
	    [ "caf\x{e9}", "non-ASCII letter" ] );
foreach my $b (@bad) {
	%o = ( 'clusters' => 'keep' );
	eval { &call("acl_security_save", \%o,
		     { 'clusters_def' => 0, 'clusters' => "ok1 $b->[0]" }) };
	&like($@, qr/^ERROR: .* is not a cluster name/, "save: rejects $b->[1]");
	&is($o{'clusters'}, 'keep', "save: $b->[1] leaves clusters unchanged");
	}

eval { &call("acl_security_save", { },
	     { 'clusters_def' => 0, 'clusters' => '<script>x' }) };
&like($@, qr/&lt;script&gt;x/, "save: the bad name is escaped in the message");
&unlike($@, qr/<script>/, "save: no raw markup in the message");

eval { &call("acl_security_save", { },
	     { 'clusters_def' => 0, 'clusters' => " \0 " }) };
&like($@, qr/^ERROR: Choose at least one cluster/, "save: an empty list is refused");

eval { &call("acl_security_save", { },
	     { 'clusters_def' => 0,
	       'clusters' => join(" ", map { "c$_" } 1 .. 257) }) };
&like($@, qr/^ERROR: Too many clusters: at most 256 names/,
      "save: 257 names are refused");
eval { &call("acl_security_save", { },
	     { 'clusters_def' => 0,
	       'clusters' => join(" ", map { sprintf("%060d", $_) } 1 .. 200) }) };
&like($@, qr/^ERROR: Too many clusters/,
      "save: more than 8191 characters are refused");

# Spanish.
$ENV{'UC_TEST_LANG'} = 'es';
&load_hook("acl_security.pl");
eval { &call("acl_security_save", { },
	     { 'clusters_def' => 0, 'clusters' => 'mal!' }) };
&like($@, qr/^ERROR: «mal!» no es un nombre de clúster válido/,
      "save: the message in Spanish");
$html = &capture(sub { &call("acl_security_form", { 'clusters' => '*' }) });
&like($html, qr/Todos los clústeres/, "form: Spanish labels");

&done();
