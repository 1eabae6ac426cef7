/* isms.js - small helps on top of pages that work without JavaScript. */
"use strict";

document.addEventListener("DOMContentLoaded", function () {
	/* A role chosen from a list is saved at once; the button is then not needed. */
	document.querySelectorAll("select[data-autosubmit]").forEach(function (sel) {
		var button = sel.form && sel.form.querySelector("button");

		if (button)
			button.hidden = true;
		sel.addEventListener("change", function () {
			if (sel.form.requestSubmit)
				sel.form.requestSubmit();
			else
				sel.form.submit();
		});
	});

	/* Ask before what cannot be undone. */
	document.querySelectorAll("[data-confirm]").forEach(function (el) {
		el.addEventListener("click", function (ev) {
			if (!window.confirm(el.getAttribute("data-confirm")))
				ev.preventDefault();
		});
	});

	/* The control picker: a search box that shows only the controls whose
	 * ID, title or description (the label's title) contains what is typed,
	 * and opens their groups; says so when none does. */
	document.querySelectorAll("[data-picker]").forEach(function (picker) {
		var box = picker.querySelector("[data-picker-search]");
		var none = picker.querySelector("[data-picker-none]");

		if (!box)
			return;
		box.parentNode.hidden = false;
		box.addEventListener("input", function () {
			var q = box.value.trim().toLowerCase();
			var total = 0;

			picker.querySelectorAll("details").forEach(function (group) {
				var shown = 0;

				group.querySelectorAll("label.pick").forEach(function (label) {
					var text = (label.textContent + " " + (label.title || "")).toLowerCase();
					var hit = !q || text.indexOf(q) >= 0;

					label.hidden = !hit;
					if (hit)
						shown++;
				});
				group.hidden = q && !shown;
				group.open = !!q && shown > 0;
				total += shown;
			});
			if (none)
				none.hidden = total > 0;
		});
	});

	/* Copy a token shown once. */
	document.querySelectorAll("button[data-copy]").forEach(function (button) {
		var target = document.getElementById(button.getAttribute("data-copy"));

		if (!target || !navigator.clipboard)
			return;
		button.hidden = false;
		button.addEventListener("click", function () {
			navigator.clipboard.writeText(target.textContent).then(function () {
				button.textContent = "\u2713";
			});
		});
	});
});

/* The pages of the steps: the policy's live preview, whole groups of
 * controls ticked at once, and more rows in the scope's lists. Each works
 * without this script too (a Preview button, ticks one by one, saving to
 * get new empty rows). */
document.addEventListener("DOMContentLoaded", function () {
	/* Preview the policy while it is written: the server renders it (the
	 * same safe Markdown as the saved page) and the HTML comes back. */
	document.querySelectorAll("textarea[data-preview]").forEach(function (area) {
		var target = document.getElementById(area.getAttribute("data-preview-target"));
		var csrf = area.form && area.form.querySelector("input[name=csrf]");
		var timer = null, sent = null;

		if (!target || !csrf || !window.fetch)
			return;
		function refresh() {
			var body = area.value;

			if (body === sent)
				return;
			sent = body;
			fetch(area.getAttribute("data-preview"), {
				method: "POST",
				credentials: "same-origin",
				headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf.value },
				body: JSON.stringify({ body: body })
			}).then(function (resp) {
				return resp.json().then(function (j) {
					if (body !== area.value)
						return;
					if (resp.ok) {
						target.innerHTML = j.html;
					} else {
						var p = document.createElement("p");

						p.className = "error";
						p.textContent = j.error ? j.error.message : String(resp.status);
						target.replaceChildren(p);
					}
				});
			}).catch(function () { sent = null; });
		}
		area.addEventListener("input", function () {
			clearTimeout(timer);
			timer = setTimeout(refresh, 400);
		});
		refresh();
	});

	/* Tick or untick every control of a clause or theme. */
	document.querySelectorAll("input[data-check-all]").forEach(function (box) {
		var group = document.getElementById(box.getAttribute("data-check-all"));

		if (!group)
			return;
		box.hidden = false;
		box.addEventListener("change", function () {
			group.querySelectorAll("input[type=checkbox][name=control]").forEach(function (c) {
				c.checked = box.checked;
			});
		});
	});

	/* One more empty row in a list of the scope. */
	document.querySelectorAll("button[data-add-row]").forEach(function (button) {
		var table = document.getElementById(button.getAttribute("data-add-row"));
		var body = table && table.tBodies[0];

		if (!body || !body.rows.length)
			return;
		button.hidden = false;
		button.addEventListener("click", function () {
			var row = body.rows[body.rows.length - 1].cloneNode(true);

			row.querySelectorAll("input, textarea").forEach(function (f) { f.value = ""; });
			body.appendChild(row);
			row.querySelector("input").focus();
		});
	});
});
