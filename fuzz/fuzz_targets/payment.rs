//! IBANs, routing numbers, account numbers and wallet addresses.
#![no_main]
use bonafide_identity::payment;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = bonafide_fuzz::text(data);
    let _ = payment::iban(&text);
    let _ = payment::iban_country(&text);
    let _ = payment::routing_number(&text);
    let _ = payment::account_number(&text);
    if let Some(wallet) = payment::wallet(&text) {
        // The compared form is itself recognised the same way.
        assert_eq!(payment::wallet(&wallet.address).map(|w| w.network), Some(wallet.network));
    }
});
