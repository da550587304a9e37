"""A complete page as a Chinese government or news site serves an article: head, menus, article, sidebar, footer."""

from __future__ import annotations

import html
from string import Template

from eval.layouts.text import pick

NAV = ("首页", "新闻中心", "政务公开", "政务服务", "互动交流", "专题专栏", "数据发布")
RELATED = (
    "全省生态环境保护督察整改工作推进会召开",
    "关于开展入河排污口排查整治专项行动的通知",
    "我省公布第二批生态环境违法典型案例",
    "2023年全省生态环境状况公报",
    "中央生态环境保护督察反馈问题整改销号办法",
    "固体废物污染环境防治条例解读",
)
# The province a site belongs to gives the one-character prefix of its ICP and public-security filings.
PROVINCES = {"江苏": "苏", "浙江": "浙", "上海": "沪", "福建": "闽", "广东": "粤", "山东": "鲁", "四川": "川"}

# Template 0: the XHTML div soup of TRS-style government CMSs (class names main, TRS_Editor, zoom, bt_link).
DIV_SOUP = Template("""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" \
"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="SiteName" content="$site" />
<meta name="ArticleTitle" content="$title" />
<meta name="PubDate" content="$date" />
<meta name="ContentSource" content="$source" />
<title>${title}_$site</title>
<link href="/images/common.css" rel="stylesheet" type="text/css" />
<script type="text/javascript">
function doZoom(size) { document.getElementById("zoom").style.fontSize = size + "px"; }
</script>
</head>
<body>
<div class="top"><div class="logo"><a href="/"><img src="/images/logo.png" alt="$site" /></a></div>
<div class="search"><input type="text" name="searchword" value="请输入关键字" /><a class="btn">搜索</a></div></div>
<div class="nav"><ul>$nav</ul></div>
<div class="main">
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/xwzx/">新闻中心</a> &gt; \
<a href="/xwzx/gzdt/">工作动态</a></div>
<div class="main_left">
<div class="article_title"><h1>$title</h1></div>
<div class="article_info"><span>来源：$source</span> <span>发布时间：$date</span>
<span>【字体：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> \
<a href="javascript:doZoom(14)">小</a>】</span><span>【<a href="javascript:window.print()">打印</a>】</span></div>
<div class="TRS_Editor" id="zoom">
$body
</div>
<div class="bt_link"><span>分享到：</span><a class="bds_weixin" title="分享到微信">微信</a>\
<a class="bds_tsina" title="分享到新浪微博">微博</a><a class="bds_qzone" title="分享到QQ空间">QQ空间</a></div>
</div>
<div class="main_right"><div class="xgxx"><h3>相关链接</h3><ul>$related</ul></div></div>
</div>
<div class="footer">
<p><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a> | <a href="/wzsm/">网站声明</a></p>
<p>主办单位：$site 版权所有 © $year 联系电话：$phone 电子邮箱：$mail</p>
<p>网站标识码：$code $icp $beian</p>
</div>
<script type="text/javascript" src="/js/tongji.js"></script>
</body>
</html>
""")

# Template 1: a newer semantic HTML5 page (header, nav, article, aside, footer).
SEMANTIC = Template("""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="$title">
<meta name="author" content="$source">
<meta property="article:published_time" content="$date">
<title>$title - $site</title>
<link rel="stylesheet" href="/static/css/main.css">
<script>window.dataLayer = window.dataLayer || []; function setSize(s){document.querySelector('.article-content').\
style.fontSize=s;}</script>
</head>
<body>
<header class="site-header"><div class="brand">$site</div>
<nav class="menu"><ul>$nav</ul></nav></header>
<nav class="breadcrumb" aria-label="breadcrumb"><a href="/">首页</a> / <a href="/zwgk/">政务公开</a> / \
<span>通知公告</span></nav>
<div class="container">
<article class="article">
<h1>$title</h1>
<div class="meta"><span class="source">来源：$source</span> <time datetime="$date">发布时间：$date</time>
<span class="tools">【字体：<a onclick="setSize('18px')">大</a> <a onclick="setSize('16px')">中</a> \
<a onclick="setSize('14px')">小</a>】【<a onclick="window.print()">打印</a>】</span></div>
<div class="article-content">
$body
</div>
<div class="share"><button class="share-wechat">微信</button><button class="share-weibo">微博</button>\
<button class="share-copy">复制链接</button></div>
</article>
<aside class="sidebar"><h2>相关阅读</h2><ul>$related</ul></aside>
</div>
<footer class="site-footer">
<p>版权所有 © $year $site　<a href="/sitemap/">网站地图</a></p>
<p>网站标识码：$code　<a href="https://beian.miit.gov.cn/">$icp</a>　<span>$beian</span></p>
<p>联系我们：$phone　$mail</p>
</footer>
</body>
</html>
""")

TEMPLATES = (DIV_SOUP, SEMANTIC)


def _items(names: tuple[str, ...], base: str) -> str:
    return "".join(f'<li><a href="{base}{i}.html">{html.escape(n)}</a></li>' for i, n in enumerate(names))


def _filings(site: str) -> dict[str, str]:
    # Site code, ICP and public-security filing numbers, phone and mail: made up, but fixed for a site.
    prov = next((abbr for name, abbr in PROVINCES.items() if name in site), "京")
    n = pick(site, 10**8)
    return {
        "code": f"{3200000000 + n % 10**8:010d}",
        "icp": f"{prov}ICP备{n % 10**8:08d}号",
        "beian": f"{prov}公网安备 {32010202000000 + n % 10**6}号",
        "phone": f"0{20 + n % 80}-{80000000 + n % 10**7}",
        "mail": f"webmaster{n % 1000}@example.gov.cn",
    }


def render_html(text: str, *, title: str, site: str, date: str, source: str, template: int = 0) -> bytes:
    """The page, UTF-8, with every non-empty line of text as one <p> of the article (HTML-escaped)."""
    esc = html.escape
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    indent = ' style="text-indent: 2em;"' if template % len(TEMPLATES) == 0 else ""
    body = "\n".join(f"<p{indent}>{esc(line)}</p>" for line in lines)
    page = TEMPLATES[template % len(TEMPLATES)].substitute(
        title=esc(title),
        site=esc(site),
        date=esc(date),
        source=esc(source),
        body=body,
        nav=_items(NAV, "/lm/"),
        related=_items(RELATED, "/xgxx/"),
        year=esc(date[:4]) if date[:4].isdigit() else "2024",
        **{k: esc(v) for k, v in _filings(site).items()},
    )
    return page.encode("utf-8")
