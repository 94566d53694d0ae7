// /Referrals/New: the service list shows the chosen structure's services only, and choosing a service preselects its
// first theme. Without JavaScript every service is listed and the server refuses one of another structure.
(function () {
    var partner = document.getElementById('partner');
    var service = document.getElementById('service');
    var theme = document.getElementById('theme');
    if (!partner || !service) { return; }

    function filter() {
        var chosen = partner.value;
        Array.prototype.forEach.call(service.options, function (o) {
            if (!o.value) { return; }
            var mine = !chosen || o.getAttribute('data-partner') === chosen;
            o.hidden = !mine;
            o.disabled = !mine;
            if (!mine && o.selected) { service.value = ''; }
        });
    }

    partner.addEventListener('change', filter);
    service.addEventListener('change', function () {
        var o = service.options[service.selectedIndex];
        var code = o && o.getAttribute('data-theme');
        if (theme && code) { theme.value = code; }
    });
    filter();
})();
