/* Site photos from a phone: each photo chosen in an input[data-zt-photos] is made smaller in the
 * browser (longest side 1600 px, JPEG quality 0.8) before it is sent, and the form's hidden
 * [data-zt-photo-meta] field gets, per photo and in order, when it was taken (EXIF
 * DateTimeOriginal, else the file's time) and where (EXIF GPS, else the phone's position if the
 * officer ticks [data-zt-photo-locate] and allows it):
 *   [{"taken_at": "2026-12-06T10:31:00", "lat": 30.1, "lng": 120.2}, ...]
 *
 * Without this script (or without DataTransfer) the photos go as they are and the server reads
 * what it can from them. The server checks every photo again; nothing here is trusted.
 * Plain ES2017, no build step; nothing is made global; safe to load twice.
 */
(function () {
  'use strict';

  const LONGEST_SIDE = 1600;
  const QUALITY = 0.8;

  // --- EXIF: DateTimeOriginal and GPS of a JPEG, read from its first 128 KB -------------------
  function exifOf(buffer) {
    const view = new DataView(buffer);
    if (view.byteLength < 4 || view.getUint16(0) !== 0xffd8) return {};
    let offset = 2;
    while (offset + 4 < view.byteLength) {
      const marker = view.getUint16(offset);
      const size = view.getUint16(offset + 2);
      if (marker === 0xffe1 && view.getUint32(offset + 4) === 0x45786966) {
        return readTiff(view, offset + 10);
      }
      if ((marker & 0xff00) !== 0xff00 || marker === 0xffda) break;
      offset += 2 + size;
    }
    return {};
  }

  function readTiff(view, start) {
    const little = view.getUint16(start) === 0x4949;
    const u16 = (at) => view.getUint16(at, little);
    const u32 = (at) => view.getUint32(at, little);
    function entries(ifd) {
      const found = {};
      if (ifd <= 0 || start + ifd + 2 > view.byteLength) return found;
      const count = u16(start + ifd);
      for (let i = 0; i < count; i += 1) {
        const at = start + ifd + 2 + i * 12;
        if (at + 12 > view.byteLength) break;
        found[u16(at)] = { type: u16(at + 2), count: u32(at + 4), at: at + 8 };
      }
      return found;
    }
    function ascii(entry) {
      const at = entry.count > 4 ? start + u32(entry.at) : entry.at;
      let text = '';
      for (let i = 0; i < entry.count - 1 && at + i < view.byteLength; i += 1) {
        text += String.fromCharCode(view.getUint8(at + i));
      }
      return text;
    }
    function degrees(entry) {
      const at = start + u32(entry.at);
      if (entry.type !== 5 || entry.count !== 3 || at + 24 > view.byteLength) return null;
      let value = 0;
      for (let i = 0; i < 3; i += 1) {
        const den = u32(at + i * 8 + 4);
        if (!den) return null;
        value += u32(at + i * 8) / den / Math.pow(60, i);
      }
      return value;
    }
    const result = {};
    const main = entries(u32(start + 4));
    const exif = main[0x8769] ? entries(u32(main[0x8769].at)) : {};
    const time = exif[0x9003] || main[0x0132];
    const match = time && /^(\d{4}):(\d{2}):(\d{2}) (\d{2}:\d{2}:\d{2})/.exec(ascii(time));
    if (match) result.taken_at = match[1] + '-' + match[2] + '-' + match[3] + 'T' + match[4];
    const gps = main[0x8825] ? entries(u32(main[0x8825].at)) : {};
    if (gps[2] && gps[4]) {
      let lat = degrees(gps[2]);
      let lng = degrees(gps[4]);
      if (lat !== null && lng !== null) {
        if (gps[1] && ascii(gps[1]) === 'S') lat = -lat;
        if (gps[3] && ascii(gps[3]) === 'W') lng = -lng;
        result.lat = Math.round(lat * 1e6) / 1e6;
        result.lng = Math.round(lng * 1e6) / 1e6;
      }
    }
    return result;
  }

  async function readExif(file) {
    try {
      return exifOf(await file.slice(0, 128 * 1024).arrayBuffer());
    } catch (err) {
      return {};
    }
  }

  // --- Compression ----------------------------------------------------------------------------
  function loadImage(file) {
    return new Promise((resolve, reject) => {
      const url = URL.createObjectURL(file);
      const img = new Image();
      img.onload = () => {
        URL.revokeObjectURL(url);
        resolve(img);
      };
      img.onerror = () => {
        URL.revokeObjectURL(url);
        reject(new Error('not an image'));
      };
      img.src = url; // browsers draw it upright as its EXIF orientation says
    });
  }

  async function compress(file) {
    const img = await loadImage(file);
    const scale = Math.min(1, LONGEST_SIDE / Math.max(img.naturalWidth, img.naturalHeight));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(img.naturalWidth * scale));
    canvas.height = Math.max(1, Math.round(img.naturalHeight * scale));
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff'; // a transparent PNG gets white, not black, behind it
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(img, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', QUALITY));
    if (!blob || blob.size >= file.size) return file; // already small: sent as it is
    const stem = (file.name || 'photo').replace(/\.[^.]*$/, '') || 'photo';
    return new File([blob], stem + '.jpg', { type: 'image/jpeg', lastModified: file.lastModified });
  }

  // The phone's local time with its offset ("2026-12-07T07:27:00+08:00"): the server stores
  // the instant, the officer reads the time on the clock.
  function localIso(date) {
    const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, '0');
    const offset = -date.getTimezoneOffset();
    return (
      date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) +
      'T' + pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds()) +
      (offset >= 0 ? '+' : '-') + pad(offset / 60) + ':' + pad(offset % 60)
    );
  }

  function position() {
    return new Promise((resolve) => {
      navigator.geolocation.getCurrentPosition(
        (found) => resolve({ lat: found.coords.latitude, lng: found.coords.longitude }),
        () => resolve(null),
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
      );
    });
  }

  function setBusy(form, busy) {
    form.querySelectorAll('button[type="submit"], input[type="submit"]').forEach((button) => {
      button.disabled = busy;
    });
  }

  function listPicked(list, items) {
    list.textContent = '';
    items.forEach((item) => {
      const line = document.createElement('li');
      const parts = [item.name, Math.max(1, Math.round(item.size / 1024)) + ' KB'];
      if (item.meta.taken_at) parts.push(item.meta.taken_at.replace('T', ' ').slice(0, 16));
      if (item.meta.lat !== undefined) parts.push(item.meta.lat.toFixed(4) + ', ' + item.meta.lng.toFixed(4));
      line.textContent = parts.join(' · ');
      list.appendChild(line);
    });
  }

  function init(input) {
    if (input.dataset.ztPhotosReady) return;
    input.dataset.ztPhotosReady = '1';
    const form = input.form;
    if (!form) return;
    const metaField = form.querySelector('[data-zt-photo-meta]');
    const where = form.querySelector('[data-zt-photo-where]');
    const locate = form.querySelector('[data-zt-photo-locate]');
    const list = form.querySelector('[data-zt-photo-picked]');
    if (where && locate && navigator.geolocation && window.isSecureContext !== false) where.hidden = false;
    let here = null;
    let picked = [];

    // The phone's position stands in for a photo's own (EXIF) one only when it has none.
    function writeMeta() {
      const metas = picked.map((item) =>
        item.meta.lat !== undefined || !here ? item.meta : Object.assign({}, item.meta, here),
      );
      if (metaField) metaField.value = JSON.stringify(metas);
      if (list && picked.length) {
        listPicked(list, picked.map((item, index) => Object.assign({}, item, { meta: metas[index] })));
      }
    }

    if (locate) {
      locate.addEventListener('change', async () => {
        here = null;
        if (locate.checked) {
          here = await position();
          if (!here) locate.checked = false; // refused or unavailable: said by the box itself
        }
        writeMeta();
      });
    }

    input.addEventListener('change', async () => {
      const chosen = Array.from(input.files || []);
      if (!chosen.length) {
        picked = [];
        writeMeta();
        if (list) list.textContent = '';
        return;
      }
      setBusy(form, true);
      if (list) list.textContent = list.dataset.busyText || '';
      try {
        const done = [];
        for (const file of chosen) {
          const exif = await readExif(file);
          let sent = file;
          try {
            sent = await compress(file);
          } catch (err) {
            sent = file; // the server says what is wrong with it
          }
          const meta = { taken_at: exif.taken_at || localIso(new Date(file.lastModified || Date.now())) };
          if (exif.lat !== undefined) Object.assign(meta, { lat: exif.lat, lng: exif.lng });
          done.push({ file: sent, name: sent.name, size: sent.size, meta });
        }
        if (typeof DataTransfer === 'function') {
          const transfer = new DataTransfer();
          done.forEach((item) => transfer.items.add(item.file));
          input.files = transfer.files;
        }
        picked = done;
        writeMeta();
      } finally {
        setBusy(form, false);
      }
    });
  }

  function initAll(root) {
    const scope = root && root.querySelectorAll ? root : document;
    scope.querySelectorAll('input[type="file"][data-zt-photos]').forEach(init);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', () => initAll(document));
  } else {
    initAll(document);
  }
  document.addEventListener('htmx:load', (event) => initAll(event.detail && event.detail.elt));
})();
