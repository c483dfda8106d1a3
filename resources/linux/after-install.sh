#!/bin/sh
# Installed by the QR Till .deb: the udev rule for HID-POS scanners, then a reload so a scanner
# plugged in now is readable without a reboot.
set -e
install -m 0644 /opt/QR\ Till/resources/70-qr-till-hid-pos.rules /etc/udev/rules.d/70-qr-till-hid-pos.rules
if command -v udevadm >/dev/null 2>&1; then
  udevadm control --reload-rules || true
  udevadm trigger --subsystem-match=hidraw || true
fi
