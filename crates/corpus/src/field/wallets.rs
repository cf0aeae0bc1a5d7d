//! Payout wallet addresses encoded as the chains encode them: hex for
//! Ethereum, base58check for TRON, bech32 for native-segwit Bitcoin.

use fastrand::Rng;

use super::ids::hex;

pub fn eth_address(rng: &mut Rng) -> String {
    format!("0x{}", hex(rng, 40))
}

const B58: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

fn base58(bytes: &[u8]) -> String {
    let mut num: Vec<u8> = bytes.to_vec();
    let mut out = Vec::new();
    while num.iter().any(|&b| b != 0) {
        let mut rem = 0u32;
        for b in num.iter_mut() {
            let acc = (rem << 8) | *b as u32;
            *b = (acc / 58) as u8;
            rem = acc % 58;
        }
        out.push(B58[rem as usize]);
    }
    for &b in bytes.iter().take_while(|&&b| b == 0) {
        let _ = b;
        out.push(b'1');
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// TRON address: base58check of 0x41 + 20 bytes (USDT-TRC20 payouts).
pub fn tron_address(rng: &mut Rng) -> String {
    let mut payload = vec![0x41u8];
    payload.extend((0..20).map(|_| rng.u8(..)));
    let check = super::sha256::digest(&super::sha256::digest(&payload));
    payload.extend_from_slice(&check[..4]);
    base58(&payload)
}

const BECH: &[u8] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";

fn polymod(values: &[u8]) -> u32 {
    let gen = [
        0x3b6a57b2u32,
        0x26508e6d,
        0x1ea119fa,
        0x3d4233dd,
        0x2a1462b3,
    ];
    let mut chk = 1u32;
    for &v in values {
        let b = chk >> 25;
        chk = ((chk & 0x1ffffff) << 5) ^ v as u32;
        for (i, g) in gen.iter().enumerate() {
            if (b >> i) & 1 == 1 {
                chk ^= g;
            }
        }
    }
    chk
}

/// Native segwit (P2WPKH) address with a correct bech32 checksum.
pub fn btc_address(rng: &mut Rng) -> String {
    let prog: Vec<u8> = (0..20).map(|_| rng.u8(..)).collect();
    let mut data = vec![0u8];
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in prog {
        acc = (acc << 8) | b as u32;
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            data.push(((acc >> bits) & 31) as u8);
        }
    }
    if bits > 0 {
        data.push(((acc << (5 - bits)) & 31) as u8);
    }
    let mut v = vec![3u8, 3, 0, 2, 3]; // expanded hrp "bc"
    v.extend(&data);
    v.extend([0u8; 6]);
    let pm = polymod(&v) ^ 1;
    let checksum: Vec<u8> = (0..6).map(|i| ((pm >> (5 * (5 - i))) & 31) as u8).collect();
    let body: String = data
        .iter()
        .chain(checksum.iter())
        .map(|&d| char::from(BECH[d as usize]))
        .collect();
    format!("bc1{body}")
}

#[cfg(test)]
pub fn bech32_valid(addr: &str) -> bool {
    let Some(body) = addr.strip_prefix("bc1") else {
        return false;
    };
    let mut v = vec![3u8, 3, 0, 2, 3];
    for c in body.bytes() {
        match BECH.iter().position(|&b| b == c) {
            Some(p) => v.push(p as u8),
            None => return false,
        }
    }
    polymod(&v) == 1
}
