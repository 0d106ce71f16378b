# virtual_feature.pl — makes the module a Virtualmin plugin, so that it gets
# a link in Virtualmin's left menu once the admin ticks it on System Settings
# → Features and Plugins. It is not a per-domain feature: without
# feature_setup, Virtualmin never offers it on a virtual server's form.
# SPDX-License-Identifier: BSD-3-Clause

use strict;
use warnings;
no warnings 'redefine';
no warnings 'uninitialized';
do 'unlimited-cluster-lib.pl';
our ($uc_module);

# feature_name()
# The name on the Features and Plugins page: the module's (translated) title.
sub feature_name
{
my %minfo = &get_module_info($uc_module);
return $minfo{'desc'} || $uc_module;
}

# feature_check()
# Nothing else has to be installed for the link: always undef (fine).
sub feature_check
{
return undef;
}

# feature_global_links()
# The left-menu link, only for a Webmin user who may use this module.
# Virtualmin calls this in scalar context: one hash ref, or undef.
sub feature_global_links
{
return undef if (!&foreign_available($uc_module));
return { 'url' => "/$uc_module/", 'title' => &feature_name() };
}

1;
