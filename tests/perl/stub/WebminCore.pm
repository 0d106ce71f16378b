# WebminCore.pm (test stub) — stands in for Webmin's WebminCore so that the
# module's hook files load without Webmin; the functions are in
# ../webmin_stub.pl.
# SPDX-License-Identifier: BSD-3-Clause
package WebminCore;
use strict;
use warnings;
require Exporter;
our @ISA = qw(Exporter);
our @EXPORT = qw(init_config get_module_acl get_module_info foreign_available
		 text error html_escape quote_escape transname
		 read_file_contents make_dir has_command get_webprefix
		 ui_table_row ui_radio ui_yesno_radio ui_select ui_textbox);
use File::Basename ();
my $stub = File::Basename::dirname(__FILE__)."/../webmin_stub.pl";
do $stub or die "cannot load $stub: ".($@ || $!)."\n";
1;
