//! The words the default theme uses, per language. Content carries its own words.

use serde::Serialize;

/// Every string the default templates show.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Strings {
    pub skip_to_content: &'static str,
    pub language: &'static str,
    pub home: &'static str,
    pub breadcrumbs: &'static str,
    pub search: &'static str,
    pub search_placeholder: &'static str,
    pub search_title: &'static str,
    pub search_no_js: &'static str,
    pub categories: &'static str,
    pub featured: &'static str,
    pub articles_count: &'static str,
    pub contents: &'static str,
    pub updated: &'static str,
    pub tags: &'static str,
    pub related: &'static str,
    pub helpful: &'static str,
    pub helpful_yes: &'static str,
    pub helpful_no: &'static str,
    pub still_need_help: &'static str,
    pub contact_us: &'static str,
    pub contact_title: &'static str,
    pub contact_intro: &'static str,
    pub contact_search: &'static str,
    pub fallback_notice: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub redirect_text: &'static str,
    pub other_articles: &'static str,
}

const EN: Strings = Strings {
    skip_to_content: "Skip to content",
    language: "Language",
    home: "Help center",
    breadcrumbs: "Breadcrumbs",
    search: "Search",
    search_placeholder: "Search for answers",
    search_title: "Search",
    search_no_js: "Search needs JavaScript. Browse the categories instead:",
    categories: "Browse by topic",
    featured: "Popular articles",
    articles_count: "articles",
    contents: "On this page",
    updated: "Updated",
    tags: "Tags",
    related: "Related articles",
    helpful: "Was this article helpful?",
    helpful_yes: "Yes, thanks",
    helpful_no: "No, I still need help",
    still_need_help: "Still need help?",
    contact_us: "Contact us",
    contact_title: "Contact us",
    contact_intro: "Can't find the answer? Tell us what happened and we will help.",
    contact_search: "Most questions are answered fastest in the help center:",
    fallback_notice: "This article is not available in your language yet, so it is shown in {language}.",
    not_found_title: "Page not found",
    not_found_text: "This page does not exist or has moved. Try searching, or start from the help center:",
    redirect_text: "This page has moved to",
    other_articles: "Other articles",
};

const ZH: Strings = Strings {
    skip_to_content: "跳到正文",
    language: "语言",
    home: "帮助中心",
    breadcrumbs: "导航路径",
    search: "搜索",
    search_placeholder: "搜索问题的答案",
    search_title: "搜索",
    search_no_js: "搜索需要启用 JavaScript。你也可以按分类浏览：",
    categories: "按主题浏览",
    featured: "热门文章",
    articles_count: "篇文章",
    contents: "本页内容",
    updated: "更新于",
    tags: "标签",
    related: "相关文章",
    helpful: "这篇文章对你有帮助吗？",
    helpful_yes: "有帮助，谢谢",
    helpful_no: "没有，我还需要帮助",
    still_need_help: "还需要帮助？",
    contact_us: "联系我们",
    contact_title: "联系我们",
    contact_intro: "没有找到答案？告诉我们发生了什么，我们来帮你解决。",
    contact_search: "大多数问题在帮助中心就能最快找到答案：",
    fallback_notice: "这篇文章还没有你所选语言的版本，下面显示的是{language}版本。",
    not_found_title: "页面不存在",
    not_found_text: "这个页面不存在或已移动。试试搜索，或者从帮助中心首页开始：",
    redirect_text: "此页面已移至",
    other_articles: "其他文章",
};

/// The strings for `locale` (a BCP 47 tag), English when the language is not known.
pub fn for_locale(locale: &str) -> &'static Strings {
    let language = locale.split(['-', '_']).next().unwrap_or_default();
    if language.eq_ignore_ascii_case("zh") { &ZH } else { &EN }
}
