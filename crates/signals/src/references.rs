//! The public reports the signals cite (keys as in docs/signals.md).

/// (key, citation).
pub const REFERENCES: &[(&str, &str)] = &[
    ("A22", "US State Department, Treasury and FBI, *Guidance on the Democratic People's Republic of Korea Information Technology Workers*, advisory of 16 May 2022: logins from several countries, several developers on one IP, payment requests, shipping to other addresses."),
    ("A25J", "FBI public service announcement of 23 January 2025 on North Korean IT workers: logins from various IP addresses and countries in short periods."),
    ("MA", "Mandiant, UNC5267 report (September 2024): actual locations in China and Russia behind claimed US/EU locations; VPN and remote-access use."),
    ("MA-POD", "Mandiant, *The Defender's Advantage* podcast, responding to a DPRK IT worker incident: Astrill VPN, two employees' laptops on one internet point of presence."),
    ("GT", "Google Threat Intelligence, DPRK IT workers expanding to Europe (2025): a laptop meant for New York activated in London."),
    ("SEAL", "Security Alliance (SEAL) frameworks, DPRK IT workers' techniques, tactics and procedures: time-zone and business-hour patterns, identity inconsistencies."),
    ("LB", "CSO Online on behavioural XDR catching a DPRK IT worker: logins from a Dallas Astrill VPN address while the usual regions were in China."),
    ("RC", "Red Canary, Threat Detection Report, insider threats trend: hunting known-abused VPNs."),
    ("MS", "Microsoft Threat Intelligence, Jasper Sleet (2025): VPNs, VPS and proxies to obtain third-country IP addresses."),
    ("MM", "MaxMind minFraud and GeoIP2 Anonymous-IP documentation: `is_anonymous_vpn`, `is_hosting_provider`, `is_public_proxy`, `is_residential_proxy`, `is_tor_exit_node`, IP time zones."),
    ("SP", "Spur IP context API documentation: VPN operator attribution and geo mismatch tags."),
    ("CSD", "c/side, application fraud write-up: coding tests taken over VPNs and proxies."),
    ("MB", "Marble (checkmarble) rule engine: `has_ip_flag` for VPN, cloud provider and Tor exit addresses."),
    ("KB", "KnowBe4, how a North Korean remote worker got hired (July 2024): a laptop shipped to a farm and worked at night US time."),
];
