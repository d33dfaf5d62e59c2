//! The SigcalCloud client.
