"""A throw-away Thunderbird profile, and the home directory Thunderbird runs in.

Layout under the pass's work dir:

    profile/user.js                      prefs: one sending identity, SMTP at our port
    profile/extensions/<id>.xpi          the add-ins, sideloaded (file name = add-in id)
    home/.mozilla/managed-storage/<id>.json
                                         what each add-in reads from storage.managed
    tmp/                                 Thunderbird's TMPDIR (it spools outgoing mail there)

Thunderbird 153 looks for managed storage under ~/.mozilla/, so giving it a HOME of its
own is all it takes to hand the add-in its port and token the way a company deployment
would. A private TMPDIR keeps parallel runs from sharing the outgoing spool file.
"""
import importlib.util
import json
import zipfile
from pathlib import Path

SENDER = ("E2E Sender", "sender@example.test")


def _prefs(smtp_port):
    """user.js entries, by purpose. Everything not listed keeps Thunderbird's default."""
    accounts = {
        # account1 sends (a "none" server: no mail to fetch); account2 is Local Folders,
        # where a scenario's original message is imported so that it can be answered.
        "mail.accountmanager.accounts": "account1,account2",
        "mail.accountmanager.defaultaccount": "account1",
        "mail.accountmanager.localfoldersserver": "server2",
        "mail.account.account1.server": "server1",
        "mail.account.account1.identities": "id1",
        "mail.account.account2.server": "server2",
        "mail.server.server1.type": "none",
        "mail.server.server1.name": "e2e",
        "mail.server.server1.hostname": "e2e.invalid",
        "mail.server.server1.userName": "sender",
        "mail.server.server1.directory-rel": "[ProfD]Mail/e2e",
        "mail.server.server2.type": "none",
        "mail.server.server2.name": "Local Folders",
        "mail.server.server2.hostname": "Local Folders",
        "mail.server.server2.userName": "nobody",
        "mail.server.server2.directory-rel": "[ProfD]Mail/Local Folders",
        "mail.identity.id1.fullName": SENDER[0],
        "mail.identity.id1.useremail": SENDER[1],
        "mail.identity.id1.valid": True,
        "mail.identity.id1.smtpServer": "smtp1",
        "mail.identity.id1.compose_html": False,
        "mail.identity.id1.fcc": False,
        "mail.identity.id1.attach_vcard": False,
        "mail.identity.id1.attachPgpKey": False,
    }
    outgoing = {
        # plain SMTP to 127.0.0.1:<port>: no TLS, no login
        "mail.smtpservers": "smtp1",
        "mail.smtp.defaultserver": "smtp1",
        "mail.smtpserver.smtp1.type": "smtp",
        "mail.smtpserver.smtp1.description": "e2e",
        "mail.smtpserver.smtp1.hostname": "127.0.0.1",
        "mail.smtpserver.smtp1.port": smtp_port,
        "mail.smtpserver.smtp1.try_ssl": 0,
        "mail.smtpserver.smtp1.authMethod": 1,
        "mail.smtpserver.smtp1.username": "",
    }
    addins = {
        # unsigned add-ins from <profile>/extensions, enabled at once, never updated
        "xpinstall.signatures.required": False,
        "extensions.autoDisableScopes": 0,
        "extensions.startupScanScopes": 1,  # look at <profile>/extensions only
        "extensions.update.enabled": False,
        "extensions.update.autoUpdateDefault": False,
        "extensions.getAddons.cache.enabled": False,
        "extensions.blocklist.enabled": False,
    }
    quiet_compose = {
        # nothing may open a window between Send and the SMTP session: headless, nobody
        # would close it and sendMessage would hang
        "mail.compose.attachment_reminder": False,
        "mail.compose.big_attachments.notify": False,
        "mail.compose.warn_public_recipients.threshold": 10000,
        "mail.SpellCheckBeforeSend": False,
        "mail.spellcheck.inline": False,
        "mail.warn_on_send_accel_key": False,
        "mailnews.show_send_progress": False,
        "mail.default_send_format": 1,
    }
    quiet_app = {
        # no first-run pages, account wizard, default-client question or network chatter
        "mail.provider.enabled": False,
        "mailnews.start_page.enabled": False,
        "mailnews.start_page_override.mstone": "ignore",
        "mail.rights.override": True,
        "mail.shell.checkDefaultClient": False,
        "mail.shell.checkDefaultMail": False,
        "mail.inappnotifications.enabled": False,
        "mail.startup.enabledMailCheckOnce": True,
        "mail.cloud_files.enabled": False,
        "mail.phishing.detection.enabled": False,
        "mailnews.auto_config.fetchFromISP.enabled": False,
        "mailnews.auto_config.guess.enabled": False,
        "app.update.enabled": False,
        "app.update.auto": False,
        "app.donation.eoy.version.viewed": 9999,
        "datareporting.policy.dataSubmissionEnabled": False,
        "datareporting.healthreport.uploadEnabled": False,
        "toolkit.telemetry.enabled": False,
        "toolkit.telemetry.server": "",
        "browser.safebrowsing.malware.enabled": False,
        "browser.safebrowsing.phishing.enabled": False,
        "browser.region.update.enabled": False,
        "network.dns.disablePrefetch": True,
        "network.proxy.type": 0,
        # without a network Thunderbird would otherwise decide it is offline and queue mail
        "offline.autoDetect": False,
        "offline.startup_state": 2,
        "network.manage-offline-status": False,
        "network.connectivity-service.enabled": False,
        "network.captive-portal-service.enabled": False,
        # local-network access prompts for a moz-extension page fetching 127.0.0.1
        "network.lna.blocking": False,
    }
    logs = {
        # console.log of the add-ins goes to Thunderbird's stdout, kept as tb.log
        "devtools.console.stdout.chrome": True,
        "devtools.console.stdout.content": True,
        "browser.dom.window.dump.enabled": True,
    }
    out = {}
    for group in (accounts, outgoing, addins, quiet_compose, quiet_app, logs):
        out.update(group)
    return out


def addon_id(source: Path):
    manifest = json.loads((source / "manifest.json").read_text("utf-8"))
    gecko = (manifest.get("browser_specific_settings") or {}).get("gecko") or {}
    if not gecko.get("id"):
        raise SystemExit(f"{source}/manifest.json: no browser_specific_settings.gecko.id")
    return gecko["id"]


def _shipped_files(source: Path):
    """What goes into the xpi. An add-in with a build.py listing its files (ours does)
    is packed exactly as it ships, so a file left out of the release fails here too;
    anything else (the driver) is packed whole, dot-files aside."""
    build = source / "build.py"
    if build.is_file():
        spec = importlib.util.spec_from_file_location(f"_e2e_build_{abs(hash(source))}", build)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        if hasattr(module, "files"):
            return [Path(p) for p in module.files()]
    return [p for p in sorted(source.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(source).parts)]


def _zip_addon(source: Path, target: Path):
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as xpi:
        for path in _shipped_files(source):
            xpi.write(path, path.relative_to(source).as_posix())


class Profile:
    def __init__(self, work: Path):
        self.dir = work / "profile"
        self.home = work / "home"
        self.tmp = work / "tmp"
        for d in (self.dir / "extensions", self.home, self.tmp):
            d.mkdir(parents=True, exist_ok=True)

    def write_prefs(self, smtp_port, pinned_uuids=None):
        """pinned_uuids: {add-in id: uuid}, so that an add-in's moz-extension:// origin
        is known before Thunderbird starts (it picks a random one otherwise)."""
        prefs = _prefs(smtp_port)
        if pinned_uuids:
            prefs["extensions.webextensions.uuids"] = json.dumps(pinned_uuids)
        lines = [f"user_pref({json.dumps(k)}, {json.dumps(v)});" for k, v in prefs.items()]
        (self.dir / "user.js").write_text("\n".join(lines) + "\n", "utf-8")

    def install(self, source: Path, managed=None):
        """Sideloads the add-in in `source`; `managed` becomes its storage.managed. Returns its id."""
        aid = addon_id(source)
        _zip_addon(source, self.dir / "extensions" / f"{aid}.xpi")
        if managed is not None:
            where = self.home / ".mozilla" / "managed-storage"
            where.mkdir(parents=True, exist_ok=True)
            manifest = {"name": aid, "description": "sendguard e2e", "type": "storage", "data": managed}
            (where / f"{aid}.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
        return aid

    def environment(self, base):
        """Thunderbird's environment: our HOME and TMPDIR, headless, no crash reporter."""
        env = dict(base)
        env.update(
            HOME=str(self.home),
            TMPDIR=str(self.tmp),
            XDG_CONFIG_HOME=str(self.home / ".config"),
            XDG_CACHE_HOME=str(self.home / ".cache"),
            XDG_DATA_HOME=str(self.home / ".local" / "share"),
            MOZ_HEADLESS="1",
            MOZ_CRASHREPORTER_DISABLE="1",
            MOZ_DISABLE_AUTO_SAFE_MODE="1",
        )
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
        return env
