//! SMTP replies as the relay writes them: a code, an enhanced status code (RFC 3463)
//! and text, several lines when the text has several (an upstream's own multi-line
//! answer is passed on whole).

/// One reply to the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub code: u16,
    /// `[class, subject, detail]`; `[0, 0, 0]` when there is none (an upstream that
    /// does not send enhanced codes).
    pub esc: [u8; 3],
    pub text: String,
}

impl Reply {
    pub fn new(code: u16, esc: [u8; 3], text: impl Into<String>) -> Reply {
        Reply {
            code,
            esc,
            text: text.into(),
        }
    }

    /// The upstream server's own answer, passed on as it came.
    pub fn from_upstream(response: &smtp_proto::Response<String>) -> Reply {
        Reply::new(response.code, response.esc, response.message.clone())
    }

    pub fn is_positive(&self) -> bool {
        (200..300).contains(&self.code)
    }

    /// The wire form: `250-…` for every line but the last, `250 …` for the last, each
    /// ending in CRLF. Control characters in the text become spaces, so an upstream's
    /// odd answer cannot end the reply early or inject a line.
    pub fn to_wire(&self) -> Vec<u8> {
        let lines: Vec<&str> = self
            .text
            .split('\n')
            .map(|l| l.trim_end_matches('\r'))
            .collect();
        let mut out = Vec::with_capacity(self.text.len() + 16 * lines.len());
        let esc = match self.esc {
            [0, 0, 0] => String::new(),
            [a, b, c] => format!("{a}.{b}.{c} "),
        };
        for (i, line) in lines.iter().enumerate() {
            let sep = if i + 1 == lines.len() { ' ' } else { '-' };
            let clean: String = line
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            out.extend_from_slice(format!("{}{sep}{esc}{clean}\r\n", self.code).as_bytes());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_and_many() {
        assert_eq!(
            Reply::new(250, [2, 0, 0], "OK").to_wire(),
            b"250 2.0.0 OK\r\n"
        );
        assert_eq!(
            Reply::new(535, [5, 7, 8], "bad\ncredentials").to_wire(),
            b"535-5.7.8 bad\r\n535 5.7.8 credentials\r\n"
        );
        assert_eq!(Reply::new(220, [0, 0, 0], "hi").to_wire(), b"220 hi\r\n");
        assert_eq!(
            Reply::new(550, [5, 7, 1], "a\rb\u{0}c").to_wire(),
            b"550 5.7.1 a b c\r\n",
            "no control character reaches the wire"
        );
    }
}
